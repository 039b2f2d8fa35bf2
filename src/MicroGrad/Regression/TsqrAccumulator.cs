using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MicroGrad.Regression;

/// <summary>
/// The R factor of a tall matrix A (rows fed one at a time, p columns) by TSQR over row blocks: rows collect in a
/// block of <see cref="BlockRows"/>; a full block is stacked under the current R and the (p + b)×p stack is
/// reduced by Householder reflections that exploit R's triangle (LAPACK's <c>tpqrt</c>), giving the R of every row
/// so far. Memory is O(b·p) whatever the number of rows, and A = Q·R holds with Q never formed.
/// </summary>
/// <remarks>
/// Householder QR is column-wise backward stable (Higham, Accuracy and Stability, Thm 19.4): the computed R is the
/// exact R of A + ΔA with ‖Δaⱼ‖ ≤ c·p·ε·‖aⱼ‖ for each column, in any row-block order. Appending the target as the last
/// column gives Qᵀy for free: with A = [X | y], R = [[R₁₁, c], [0, ρ]] where R₁₁ is X's R, c = Q₁ᵀy and |ρ| the
/// residual norm. Squares are summed plainly, and again scaled by the largest entry only when the plain sum
/// overflows or underflows (entries beyond ~1e150 or below ~1e-140), so data near the limits of double costs nothing
/// for ordinary data.
/// </remarks>
internal sealed class TsqrAccumulator
{
    /// <summary>Rows per block: b·p doubles (20 KB at p = 10) stay in the L1/L2 cache while they are reduced.</summary>
    public const int BlockRows = 256;

    private readonly int _p;
    private readonly double[] _r;
    private readonly double[] _block;
    private int _filled;

    public TsqrAccumulator(int columns)
    {
        _p = columns;
        _r = new double[columns * columns];
        _block = new double[BlockRows * columns];
    }

    /// <summary>Columns p.</summary>
    public int Columns => _p;

    /// <summary>Rows fed so far.</summary>
    public long Rows { get; private set; }

    /// <summary>A copy with the same R and pending rows (to append extra rows, such as a ridge penalty's, to one).</summary>
    public TsqrAccumulator Clone()
    {
        var copy = new TsqrAccumulator(_p) { Rows = Rows, _filled = _filled };
        _r.CopyTo(copy._r, 0);
        _block.CopyTo(copy._block, 0);
        return copy;
    }

    /// <summary>An accumulator whose R is <paramref name="r"/> (p×p, upper triangular, column-major; copied) standing
    /// for <paramref name="rows"/> rows.</summary>
    public static TsqrAccumulator FromTriangle(int columns, ReadOnlySpan<double> r, long rows)
    {
        var acc = new TsqrAccumulator(columns) { Rows = rows };
        r.CopyTo(acc._r);
        return acc;
    }

    /// <summary>
    /// Appends the rows of another accumulator's triangle <paramref name="r"/> (p×p, upper triangular, column-major),
    /// which stands for <paramref name="rows"/> rows: QR of [A₁; A₂] = QR of [R₁; R₂] because A₂ = Q₂R₂ and Q₂ is
    /// orthogonal, so stacking the two triangles and reducing them (the merge step of TSQR: Demmel, Grigori, Hoemmen
    /// and Langou, "Communication-optimal parallel and sequential QR and LU factorizations", SIAM J. Sci. Comput. 34
    /// (2012)) gives the R of both row sets. The p rows go through the same blocked Householder reduction as data
    /// rows, so the result depends only on the order of the calls, not on any thread.
    /// </summary>
    public void AddTriangle(ReadOnlySpan<double> r, long rows)
    {
        var p = _p;
        for (var i = 0; i < p; i++)
        {
            var b = _block;
            for (var j = 0; j < p; j++)
                b[j * BlockRows + _filled] = j < i ? 0.0 : r[j * p + i];
            if (++_filled == BlockRows)
                Flush();
        }
        Flush();
        Rows = checked(Rows + rows);
    }

    /// <summary>Appends one row of p values.</summary>
    public void Add(ReadOnlySpan<double> row)
    {
        var b = _block;
        for (var j = 0; j < _p; j++)
            b[j * BlockRows + _filled] = row[j];
        Rows++;
        if (++_filled == BlockRows)
            Flush();
    }

    /// <summary>R (p×p, upper triangular, column-major) of every row fed so far.</summary>
    public double[] R()
    {
        Flush();
        return _r;
    }

    /// <summary>Reduces [R; block] to its R.</summary>
    private void Flush()
    {
        var m = _filled;
        if (m == 0)
            return;
        var p = _p;
        var r = _r;
        for (var j = 0; j < p; j++)
        {
            var v = _block.AsSpan(j * BlockRows, m);
            var alpha = r[j * p + j];
            var norm = Hypot(alpha, v);
            if (norm == Math.Abs(alpha) && IsZero(v))
                continue; // the block's part of column j is already zero: nothing to annihilate
            var beta = alpha > 0 ? -norm : norm;
            var tau = (beta - alpha) / beta;
            Scale(v, 1.0 / (alpha - beta));
            r[j * p + j] = beta;
            // The trailing columns four at a time: one pass over v computes their four dot products (independent
            // chains), one more applies the four updates, so v is loaded once per four columns.
            var c = j + 1;
            for (; c + 4 <= p; c += 4)
            {
                ref var b0 = ref _block[c * BlockRows];
                Dot4(v, ref b0, out var d0, out var d1, out var d2, out var d3);
                var w0 = tau * (r[c * p + j] + d0);
                var w1 = tau * (r[(c + 1) * p + j] + d1);
                var w2 = tau * (r[(c + 2) * p + j] + d2);
                var w3 = tau * (r[(c + 3) * p + j] + d3);
                r[c * p + j] -= w0;
                r[(c + 1) * p + j] -= w1;
                r[(c + 2) * p + j] -= w2;
                r[(c + 3) * p + j] -= w3;
                Axpy4(v, ref b0, w0, w1, w2, w3);
            }
            for (; c < p; c++)
            {
                var column = _block.AsSpan(c * BlockRows, m);
                var w = tau * (r[c * p + j] + Dot(v, column));
                r[c * p + j] -= w;
                Axpy(-w, v, column);
            }
        }
        _filled = 0;
    }

    /// <summary>√(α² + ‖v‖²), summed plainly when the squares stay normal doubles and scaled by the largest magnitude
    /// (as LAPACK's dnrm2) when they would overflow or underflow.</summary>
    internal static double Hypot(double alpha, ReadOnlySpan<double> v)
    {
        var sum = alpha * alpha + Dot(v, v);
        return sum is >= MinSafeSquare and <= MaxSafeSquare ? Math.Sqrt(sum) : double.Hypot(alpha, PivotedQr.Norm(v));
    }

    /// <summary>A sum of squares in [2⁻⁹⁶⁰, 2⁹⁶⁰] did not overflow, and what its terms lost to underflow (at most
    /// 2⁻¹⁰⁷⁴ each) is below 2⁻¹⁰⁰ of it.</summary>
    private const double MinSafeSquare = 1.0261342003245941e-289, MaxSafeSquare = 9.7453140114e288;

    private static bool IsZero(ReadOnlySpan<double> v)
    {
        foreach (var x in v)
        {
            if (x != 0)
                return false;
        }
        return true;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        var s = 0.0;
        if (Vector256.IsHardwareAccelerated && a.Length >= 8)
        {
            ref var ra = ref MemoryMarshal.GetReference(a);
            ref var rb = ref MemoryMarshal.GetReference(b);
            var s0 = Vector256<double>.Zero;
            var s1 = Vector256<double>.Zero;
            for (; i + 8 <= a.Length; i += 8)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rb, (nuint)i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i + 4), Vector256.LoadUnsafe(ref rb, (nuint)i + 4), s1);
            }
            s = Vector256.Sum(s0 + s1);
        }
        for (; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }

    /// <summary>y += a·x.</summary>
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var ry = ref MemoryMarshal.GetReference(y);
            var va = Vector256.Create(a);
            for (; i + 4 <= x.Length; i += 4)
                Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref rx, (nuint)i), Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < x.Length; i++)
            y[i] += a * x[i];
    }

    /// <summary>The dot products of v with the four block columns starting at <paramref name="b0"/>.</summary>
    private static void Dot4(ReadOnlySpan<double> v, ref double b0, out double d0, out double d1, out double d2, out double d3)
    {
        ref var rv = ref MemoryMarshal.GetReference(v);
        ref var b1 = ref Unsafe.Add(ref b0, BlockRows);
        ref var b2 = ref Unsafe.Add(ref b0, 2 * BlockRows);
        ref var b3 = ref Unsafe.Add(ref b0, 3 * BlockRows);
        var i = 0;
        d0 = d1 = d2 = d3 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s0 = Vector256<double>.Zero;
            var s1 = s0;
            var s2 = s0;
            var s3 = s0;
            for (; i + 4 <= v.Length; i += 4)
            {
                var x = Vector256.LoadUnsafe(ref rv, (nuint)i);
                s0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref b0, (nuint)i), s0);
                s1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref b1, (nuint)i), s1);
                s2 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref b2, (nuint)i), s2);
                s3 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref b3, (nuint)i), s3);
            }
            d0 = Vector256.Sum(s0);
            d1 = Vector256.Sum(s1);
            d2 = Vector256.Sum(s2);
            d3 = Vector256.Sum(s3);
        }
        for (; i < v.Length; i++)
        {
            var x = Unsafe.Add(ref rv, i);
            d0 += x * Unsafe.Add(ref b0, i);
            d1 += x * Unsafe.Add(ref b1, i);
            d2 += x * Unsafe.Add(ref b2, i);
            d3 += x * Unsafe.Add(ref b3, i);
        }
    }

    /// <summary>The four block columns from <paramref name="b0"/> minus v·[w0 w1 w2 w3].</summary>
    private static void Axpy4(ReadOnlySpan<double> v, ref double b0, double w0, double w1, double w2, double w3)
    {
        ref var rv = ref MemoryMarshal.GetReference(v);
        ref var b1 = ref Unsafe.Add(ref b0, BlockRows);
        ref var b2 = ref Unsafe.Add(ref b0, 2 * BlockRows);
        ref var b3 = ref Unsafe.Add(ref b0, 3 * BlockRows);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var n0 = Vector256.Create(-w0);
            var n1 = Vector256.Create(-w1);
            var n2 = Vector256.Create(-w2);
            var n3 = Vector256.Create(-w3);
            for (; i + 4 <= v.Length; i += 4)
            {
                var x = Vector256.LoadUnsafe(ref rv, (nuint)i);
                Vector256.FusedMultiplyAdd(n0, x, Vector256.LoadUnsafe(ref b0, (nuint)i)).StoreUnsafe(ref b0, (nuint)i);
                Vector256.FusedMultiplyAdd(n1, x, Vector256.LoadUnsafe(ref b1, (nuint)i)).StoreUnsafe(ref b1, (nuint)i);
                Vector256.FusedMultiplyAdd(n2, x, Vector256.LoadUnsafe(ref b2, (nuint)i)).StoreUnsafe(ref b2, (nuint)i);
                Vector256.FusedMultiplyAdd(n3, x, Vector256.LoadUnsafe(ref b3, (nuint)i)).StoreUnsafe(ref b3, (nuint)i);
            }
        }
        for (; i < v.Length; i++)
        {
            var x = Unsafe.Add(ref rv, i);
            Unsafe.Add(ref b0, i) -= w0 * x;
            Unsafe.Add(ref b1, i) -= w1 * x;
            Unsafe.Add(ref b2, i) -= w2 * x;
            Unsafe.Add(ref b3, i) -= w3 * x;
        }
    }

    private static void Scale(Span<double> v, double a)
    {
        for (var i = 0; i < v.Length; i++)
            v[i] *= a;
    }
}
