using System.Runtime.Intrinsics;

namespace MicroGrad;

/// <summary>The one switch every vectorised kernel reads (regression kernels, the tensor kernels): false when
/// the environment variable <c>MICROGRAD_SIMD</c> is <c>0</c> (read once at start-up, so a test run can force the
/// scalar paths) or the hardware lacks 256-bit vectors.</summary>
internal static class Simd
{
    public static readonly bool Enabled =
        Vector256.IsHardwareAccelerated && Environment.GetEnvironmentVariable("MICROGRAD_SIMD") != "0";

    /// <summary>The widest registers the tensor kernels use: 512-bit where the hardware accelerates them (AVX-512),
    /// else 256-bit, else scalar (and scalar whenever <see cref="Enabled"/> is off).</summary>
    public static readonly KernelWidth Width =
        !Enabled ? KernelWidth.Scalar : Vector512.IsHardwareAccelerated ? KernelWidth.Vector512 : KernelWidth.Vector256;
}

/// <summary>The registers a tensor kernel computes with. Every width gives the same bits (each output element is the
/// same sequence of IEEE 754 operations); tests pass each one explicitly to compare them in one process.</summary>
internal enum KernelWidth
{
    Scalar,
    Vector256,
    Vector512,
}
