using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MicroGrad.Regression;

// The residual pass itself: the row sources, the double-double sums of a block of rows, and their kernels.
internal sealed partial class ResidualAccumulator
{
    private interface IRows
    {
        int Count { get; }

        ReadOnlySpan<double> Row(int i);

        double Target(int i);

        /// <summary>wᵢ (1 without weights).</summary>
        double Weight(int i);

        /// <summary>False when every weight is 1: a constant per row source, so the JIT drops the multiplications by
        /// wᵢ (which with wᵢ = 1 are exact: the same sums either way).</summary>
        bool Weighted { get; }
    }

    private readonly struct JaggedRows(double[][] x, double[] y) : IRows
    {
        public int Count => y.Length;

        public ReadOnlySpan<double> Row(int i) => x[i];

        public double Target(int i) => y[i];

        public double Weight(int i) => 1.0;

        public bool Weighted => false;
    }

    private readonly struct WeightedRows(double[][] x, double[] y, double[] w) : IRows
    {
        public int Count => y.Length;

        public ReadOnlySpan<double> Row(int i) => x[i];

        public double Target(int i) => y[i];

        public double Weight(int i) => w[i];

        public bool Weighted => true;
    }

    /// <summary>Rows of k features every <c>stride</c> doubles, targets every <c>targetStride</c> doubles (the
    /// caller pins both for the duration of <see cref="AddRows"/>).</summary>
    private readonly unsafe struct StridedRows(double* x, double* y, int k, int stride, int targetStride, int count) : IRows
    {
        public int Count => count;

        public ReadOnlySpan<double> Row(int i) => new(x + (long)i * stride, k);

        public double Target(int i) => y[(long)i * targetStride];

        public double Weight(int i) => 1.0;

        public bool Weighted => false;
    }

    /// <summary>The pass over a block of rows, its sums in locals (specialised per row source by the JIT).</summary>
    private void AddRows<TRows>(TRows rows) where TRows : struct, IRows
    {
        var k = _beta.Length;
        Span<double> gh = k < 128 ? stackalloc double[k + 1] : new double[k + 1];
        Span<double> gl = k < 128 ? stackalloc double[k + 1] : new double[k + 1];
        gh.Clear();
        gl.Clear();
        double sseHi = 0, sseLo = 0, sumHi = 0, sumLo = 0, squaresHi = 0, squaresLo = 0, weightHi = 0, weightLo = 0;
        double sae = 0, dw = 0, last = _last;
        var b = _intercept;
        var c = _hasIntercept ? _yMean : 0.0;
        var count = Count;
        for (var i = 0; i < rows.Count; i++)
        {
            var x = rows.Row(i);
            var y = rows.Target(i);
            var w = rows.Weight(i);
            // eᵢ = yᵢ − b − Σxᵢⱼβⱼ in double-double (Dot2): four partial sums (lane l takes j ≡ l mod 4), then the
            // rest one by one.
            var rh = DoubleDouble.TwoSum(y, -b, out var rl);
            var done = k >= 4 ? AddProducts4(x, _beta, ref rh, ref rl) : 0;
            for (var j = done; j < k; j++)
            {
                var p = DoubleDouble.TwoProd(x[j], _beta[j], out var pe);
                rh = DoubleDouble.TwoSum(rh, -p, out var se);
                rl += se - pe;
            }
            var e = rh + rl;
            rl -= e - rh;
            rh = e;
            // w·e in double-double (an exact copy when w = 1).
            double wh = rh, wl = rl;
            if (rows.Weighted)
            {
                wh = DoubleDouble.TwoProd(w, rh, out wl);
                wl += w * rl;
            }

            DoubleDouble.AddProduct(ref sseHi, ref sseLo, wh, rh);
            sseLo += wh * rl + wl * rh;
            DoubleDouble.Add(ref gh[0], ref gl[0], wh);
            gl[0] += wl;
            var j0 = Simd.Enabled ? AddGradient4(x, wh, wl, gh[1..], gl[1..]) : 0;
            for (var j = j0; j < k; j++)
            {
                DoubleDouble.AddProduct(ref gh[1 + j], ref gl[1 + j], x[j], wh);
                gl[1 + j] += x[j] * wl;
            }

            // TSS around c = ȳ of the fit: d = y − c exactly as dh + dl.
            var dh = DoubleDouble.TwoSum(y, -c, out var dl);
            double wdh = dh, wdl = dl;
            if (rows.Weighted)
            {
                wdh = DoubleDouble.TwoProd(w, dh, out wdl);
                wdl += w * dl;
            }
            DoubleDouble.Add(ref sumHi, ref sumLo, wdh);
            sumLo += wdl;
            DoubleDouble.AddProduct(ref squaresHi, ref squaresLo, wdh, dh);
            squaresLo += wdh * dl + wdl * dh;
            if (rows.Weighted)
                DoubleDouble.Add(ref weightHi, ref weightLo, w);

            if (_gramHi is not null)
                AddGram(x, w);

            // The whitened residual √wᵢeᵢ for the row statistics (statsmodels' wresid).
            var whitened = w == 1.0 ? e : Math.Sqrt(w) * e;
            sae += Math.Abs(whitened);
            if (count > 0)
                dw += (whitened - last) * (whitened - last);
            last = whitened;
            count++;
            Observer?.Observe(x, e, w);
        }
        _last = last;
        Count = count;
        // Block sums into the running ones, in double-double (block order fixed by the caller: file order).
        Merge(ref _sseHi, ref _sseLo, sseHi, sseLo);
        Merge(ref _sumHi, ref _sumLo, sumHi, sumLo);
        Merge(ref _squaresHi, ref _squaresLo, squaresHi, squaresLo);
        if (rows.Weighted)
            Merge(ref _weightHi, ref _weightLo, weightHi, weightLo);
        else
            Merge(ref _weightHi, ref _weightLo, rows.Count, 0);
        for (var j = 0; j <= k; j++)
            Merge(ref _gradientHi[j], ref _gradientLo[j], gh[j], gl[j]);
        SumAbsolute += sae;
        DurbinWatsonNumerator += dw;
    }

    /// <summary>(rh, rl) −= Σⱼ xⱼβⱼ over the first 4⌊k/4⌋ features in double-double: four lanes (j ≡ l mod 4) of
    /// TwoProd and TwoSum, then the lanes into (rh, rl) in order. Vector256 or the same operations lane by lane in
    /// scalars (<c>MICROGRAD_SIMD=0</c>): the same bits. Returns the features done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddProducts4(ReadOnlySpan<double> x, ReadOnlySpan<double> beta, ref double rh, ref double rl)
    {
        var done = x.Length & ~3;
        double h0 = 0, h1 = 0, h2 = 0, h3 = 0, l0 = 0, l1 = 0, l2 = 0, l3 = 0;
        if (Simd.Enabled)
        {
            var hv = Vector256<double>.Zero;
            var lv = Vector256<double>.Zero;
            for (var j = 0; j < done; j += 4)
            {
                var xv = Vector256.Create(x.Slice(j, 4));
                var bv = Vector256.Create(beta.Slice(j, 4));
                var p = -(xv * bv);
                var pe = Vector256.FusedMultiplyAdd(xv, bv, p);
                var sum = hv + p;
                var bb = sum - hv;
                var se = (hv - (sum - bb)) + (p - bb);
                hv = sum;
                lv += se - pe;
            }
            (h0, h1, h2, h3) = (hv.GetElement(0), hv.GetElement(1), hv.GetElement(2), hv.GetElement(3));
            (l0, l1, l2, l3) = (lv.GetElement(0), lv.GetElement(1), lv.GetElement(2), lv.GetElement(3));
        }
        else
        {
            for (var j = 0; j < done; j += 4)
            {
                Lane(ref h0, ref l0, x[j], beta[j]);
                Lane(ref h1, ref l1, x[j + 1], beta[j + 1]);
                Lane(ref h2, ref l2, x[j + 2], beta[j + 2]);
                Lane(ref h3, ref l3, x[j + 3], beta[j + 3]);
            }
        }
        rh = DoubleDouble.TwoSum(rh, h0, out var s0);
        rl += s0 + l0;
        rh = DoubleDouble.TwoSum(rh, h1, out var s1);
        rl += s1 + l1;
        rh = DoubleDouble.TwoSum(rh, h2, out var s2);
        rl += s2 + l2;
        rh = DoubleDouble.TwoSum(rh, h3, out var s3);
        rl += s3 + l3;
        return done;
    }

    /// <summary>One lane of <see cref="AddProducts4"/>: (h, l) −= x·β, exactly the vector lane's operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lane(ref double h, ref double l, double x, double beta)
    {
        var p = -(x * beta);
        var pe = Math.FusedMultiplyAdd(x, beta, p);
        var sum = h + p;
        var bb = sum - h;
        var se = (h - (sum - bb)) + (p - bb);
        h = sum;
        l += se - pe;
    }

    /// <summary>The gradient update of the loop above, four features per Vector256: the same operations lane by lane
    /// (TwoProd by FMA, TwoSum, the low part), so the sums are bit for bit the scalar ones. Returns the features
    /// done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddGradient4(ReadOnlySpan<double> x, double wh, double wl, Span<double> gh, Span<double> gl)
    {
        var vh = Vector256.Create(wh);
        var vl = Vector256.Create(wl);
        var j = 0;
        for (; j + 4 <= x.Length; j += 4)
        {
            var xv = Vector256.Create(x.Slice(j, 4));
            var p = xv * vh;
            var pe = Vector256.FusedMultiplyAdd(xv, vh, -p);
            var h = Vector256.Create((ReadOnlySpan<double>)gh.Slice(j, 4));
            var sum = h + p;
            var bb = sum - h;
            var se = (h - (sum - bb)) + (p - bb);
            sum.CopyTo(gh.Slice(j, 4));
            var l = Vector256.Create((ReadOnlySpan<double>)gl.Slice(j, 4));
            l += se + pe;
            l += xv * vl;
            l.CopyTo(gl.Slice(j, 4));
        }
        return j;
    }

    private static void Merge(ref double hi, ref double lo, double blockHi, double blockLo)
    {
        hi = DoubleDouble.TwoSum(hi, blockHi, out var e);
        lo += e + blockLo;
    }

    private void AddGram(ReadOnlySpan<double> x, double w)
    {
        var q = x.Length + 1;
        for (var a = 0; a < q; a++)
        {
            var za = a == 0 ? 1.0 : x[a - 1];
            var ah = DoubleDouble.TwoProd(w, za, out var al);
            for (var b = a; b < q; b++)
            {
                var zb = b == 0 ? 1.0 : x[b - 1];
                var at = a * q + b;
                DoubleDouble.AddProduct(ref _gramHi![at], ref _gramLo![at], ah, zb);
                _gramLo[at] += al * zb;
            }
        }
    }
}
