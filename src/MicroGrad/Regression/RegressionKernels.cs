using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MicroGrad.Regression;

/// <summary>
/// The fused gradient-descent kernel: one pass over row-major X computes, for every row i, the residual
/// <c>rᵢ = yᵢ − b − xᵢ·β</c> and accumulates <c>Σ rᵢ²</c>, <c>Σ rᵢ</c> and <c>g = Σ rᵢ·xᵢ</c> (= Xᵀr) together, so X is
/// read from memory once per iteration. A vectorised path (<see cref="Vector256{T}"/>, four rows at a time) and a
/// scalar reference path compute the same sums in different orders.
/// </summary>
/// <remarks>
/// The vector path is used when the hardware accelerates <see cref="Vector256{T}"/>, k ≥ 4, and the environment
/// variable <c>MICROGRAD_SIMD</c> is not <c>0</c> (read once at start-up; tests and benchmarks force either path
/// through the <c>simd</c> argument). Both paths are deterministic: the summation order depends only on m and k.
/// </remarks>
internal static class RegressionKernels
{
    /// <summary>
    /// Over the m = <paramref name="y"/>.Length rows of <paramref name="x"/> (row-major, k = <paramref name="beta"/>.Length
    /// wide): <c>gradient[j] += Σ rᵢ·xᵢⱼ</c>, <c>sumSquares += Σ rᵢ²</c>, <c>sumResiduals += Σ rᵢ</c> with
    /// <c>rᵢ = yᵢ − b − xᵢ·β</c>. Accumulates into its outputs, so row blocks can be fed one after another.
    /// </summary>
    public static void ResidualGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> beta,
        double b, Span<double> gradient, ref double sumSquares, ref double sumResiduals, bool simd)
    {
        var k = beta.Length;
        var m = y.Length;
        if (x.Length != m * k || gradient.Length != k)
            MicroGradThrow.Argument_LengthMismatch(nameof(x), x.Length, m * k, "rows × columns");
        var start = 0;
        if (simd && k >= 4 && Vector256.IsHardwareAccelerated)
            start = ResidualGradientVector(x, y, beta, b, gradient, ref sumSquares, ref sumResiduals);
        if (start < m)
            ResidualGradientScalar(x[(start * k)..], y[start..], beta, b, gradient, ref sumSquares, ref sumResiduals);
    }

    /// <summary>The scalar reference: row by row, j in order.</summary>
    public static void ResidualGradientScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> beta,
        double b, Span<double> gradient, ref double sumSquares, ref double sumResiduals)
    {
        var k = beta.Length;
        double sse = 0, sumR = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var row = x.Slice(i * k, k);
            var r = y[i] - b;
            for (var j = 0; j < k; j++)
                r -= row[j] * beta[j];
            sse += r * r;
            sumR += r;
            for (var j = 0; j < k; j++)
                gradient[j] += r * row[j];
        }
        sumSquares += sse;
        sumResiduals += sumR;
    }

    /// <summary>Four rows per step: their dot products with β by fused multiply–adds over 4-wide column chunks,
    /// reduced together, then the residuals scatter back into the gradient. Returns the rows done (a multiple of 4);
    /// columns past the last full chunk are handled per row in scalar code.</summary>
    private static int ResidualGradientVector(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> beta,
        double b, Span<double> gradient, ref double sumSquares, ref double sumResiduals)
    {
        var k = beta.Length;
        var m = y.Length;
        var chunks = k / 4;
        var kv = chunks * 4;
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var bt = ref MemoryMarshal.GetReference(beta);
        ref var g = ref MemoryMarshal.GetReference(gradient);
        var sse = Vector256<double>.Zero;
        var sumR = Vector256<double>.Zero;
        var bias = Vector256.Create(b);
        var rows = m & ~3;
        if (k == 8)
        {
            // The common case (and the benchmark's) with β and the gradient held in registers.
            var b0 = Vector256.LoadUnsafe(ref bt);
            var b1 = Vector256.LoadUnsafe(ref bt, 4);
            var g0 = Vector256<double>.Zero;
            var g1 = Vector256<double>.Zero;
            for (var i = 0; i < rows; i += 4)
            {
                var o = (nuint)(i * 8);
                var a00 = Vector256.LoadUnsafe(ref x0, o);
                var a01 = Vector256.LoadUnsafe(ref x0, o + 4);
                var a10 = Vector256.LoadUnsafe(ref x0, o + 8);
                var a11 = Vector256.LoadUnsafe(ref x0, o + 12);
                var a20 = Vector256.LoadUnsafe(ref x0, o + 16);
                var a21 = Vector256.LoadUnsafe(ref x0, o + 20);
                var a30 = Vector256.LoadUnsafe(ref x0, o + 24);
                var a31 = Vector256.LoadUnsafe(ref x0, o + 28);
                var dots = Reduce4(
                    Vector256.FusedMultiplyAdd(a01, b1, a00 * b0),
                    Vector256.FusedMultiplyAdd(a11, b1, a10 * b0),
                    Vector256.FusedMultiplyAdd(a21, b1, a20 * b0),
                    Vector256.FusedMultiplyAdd(a31, b1, a30 * b0));
                var r = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)i) - bias - dots;
                sse = Vector256.FusedMultiplyAdd(r, r, sse);
                sumR += r;
                var r0 = Vector256.Create(r.GetElement(0));
                var r1 = Vector256.Create(r.GetElement(1));
                var r2 = Vector256.Create(r.GetElement(2));
                var r3 = Vector256.Create(r.GetElement(3));
                g0 = Vector256.FusedMultiplyAdd(r0, a00, g0);
                g1 = Vector256.FusedMultiplyAdd(r0, a01, g1);
                g0 = Vector256.FusedMultiplyAdd(r1, a10, g0);
                g1 = Vector256.FusedMultiplyAdd(r1, a11, g1);
                g0 = Vector256.FusedMultiplyAdd(r2, a20, g0);
                g1 = Vector256.FusedMultiplyAdd(r2, a21, g1);
                g0 = Vector256.FusedMultiplyAdd(r3, a30, g0);
                g1 = Vector256.FusedMultiplyAdd(r3, a31, g1);
            }
            (Vector256.LoadUnsafe(ref g) + g0).StoreUnsafe(ref g);
            (Vector256.LoadUnsafe(ref g, 4) + g1).StoreUnsafe(ref g, 4);
        }
        else
        {
            Span<double> r4 = stackalloc double[4];
            for (var i = 0; i < rows; i += 4)
            {
                var acc0 = Vector256<double>.Zero;
                var acc1 = Vector256<double>.Zero;
                var acc2 = Vector256<double>.Zero;
                var acc3 = Vector256<double>.Zero;
                var o0 = (nuint)(i * k);
                var o1 = o0 + (nuint)k;
                var o2 = o1 + (nuint)k;
                var o3 = o2 + (nuint)k;
                for (nuint j = 0; j < (nuint)kv; j += 4)
                {
                    var bj = Vector256.LoadUnsafe(ref bt, j);
                    acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x0, o0 + j), bj, acc0);
                    acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x0, o1 + j), bj, acc1);
                    acc2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x0, o2 + j), bj, acc2);
                    acc3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x0, o3 + j), bj, acc3);
                }
                var dots = Reduce4(acc0, acc1, acc2, acc3);
                var r = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)i) - bias - dots;
                if (kv < k)
                {
                    r.StoreUnsafe(ref MemoryMarshal.GetReference(r4));
                    for (var q = 0; q < 4; q++)
                    {
                        var row = x.Slice((i + q) * k, k);
                        for (var j = kv; j < k; j++)
                            r4[q] -= row[j] * beta[j];
                    }
                    r = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(r4));
                }
                sse = Vector256.FusedMultiplyAdd(r, r, sse);
                sumR += r;
                for (var q = 0; q < 4; q++)
                {
                    var rq = r.GetElement(q);
                    var rv = Vector256.Create(rq);
                    var o = o0 + (nuint)(q * k);
                    for (nuint j = 0; j < (nuint)kv; j += 4)
                        Vector256.FusedMultiplyAdd(rv, Vector256.LoadUnsafe(ref x0, o + j), Vector256.LoadUnsafe(ref g, j)).StoreUnsafe(ref g, j);
                    for (var j = kv; j < k; j++)
                        Unsafe.Add(ref g, j) += rq * Unsafe.Add(ref x0, (int)o + j);
                }
            }
        }
        sumSquares += Vector256.Sum(sse);
        sumResiduals += Vector256.Sum(sumR);
        return rows;
    }

    /// <summary>[Σa, Σb, Σc, Σd] for four vectors, each as (x₀+x₁)+(x₂+x₃).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reduce4(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d)
    {
        if (Avx.IsSupported)
        {
            var ab = Avx.HorizontalAdd(a, b); // [a0+a1, b0+b1, a2+a3, b2+b3]
            var cd = Avx.HorizontalAdd(c, d); // [c0+c1, d0+d1, c2+c3, d2+d3]
            return Avx.Permute2x128(ab, cd, 0x20) + Avx.Permute2x128(ab, cd, 0x31);
        }
        return Vector256.Create(
            (a.GetElement(0) + a.GetElement(1)) + (a.GetElement(2) + a.GetElement(3)),
            (b.GetElement(0) + b.GetElement(1)) + (b.GetElement(2) + b.GetElement(3)),
            (c.GetElement(0) + c.GetElement(1)) + (c.GetElement(2) + c.GetElement(3)),
            (d.GetElement(0) + d.GetElement(1)) + (d.GetElement(2) + d.GetElement(3)));
    }
}
