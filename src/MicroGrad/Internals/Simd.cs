using System.Runtime.Intrinsics;

namespace MicroGrad;

/// <summary>The one switch every vectorised kernel reads (regression kernels, the tensor matrix product): false when
/// the environment variable <c>MICROGRAD_SIMD</c> is <c>0</c> (read once at start-up, so a test run can force the
/// scalar paths) or the hardware lacks 256-bit vectors.</summary>
internal static class Simd
{
    public static readonly bool Enabled =
        Vector256.IsHardwareAccelerated && Environment.GetEnvironmentVariable("MICROGRAD_SIMD") != "0";
}
