using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MicroGrad.Regression;

/// <summary>
/// The sums the summary needs from the residuals eᵢ = yᵢ − b − xᵢ·β of a fitted model, fed row by row in file order
/// (so one streaming pass suffices): n, SSE = Σwᵢeᵢ², Σ|√wᵢeᵢ|, the Durbin–Watson numerator Σ(√wᵢeᵢ − √wᵢ₋₁eᵢ₋₁)²
/// (carried across chunk boundaries), and the total sum of squares Σwᵢ(yᵢ − ȳ)² around the (weighted) mean (Σwᵢyᵢ²
/// without an intercept); wᵢ = 1 without weights.
/// </summary>
/// <remarks>
/// Each residual is computed in double-double from the original row (Ogita–Rump–Oishi's Dot2), and SSE, TSS and the
/// gradient gⱼ = Σwᵢzᵢⱼeᵢ (z = [1, x]) are accumulated in double-double too: they are what iterative refinement
/// (<see cref="LeastSquares.Correct"/>) needs, and they make SSE and R² accurate to the last digit of a double even
/// when the fit is nearly exact. With <see cref="CollectGram"/> the same pass also sums the Gram matrix Σwᵢzᵢzᵢᵀ in
/// double-double (the products are exact by TwoProd).
/// </remarks>
internal sealed class ResidualAccumulator(double intercept, double[] beta, bool hasIntercept, double yMean)
{
    private double _last;
    private double _sseHi, _sseLo, _sumHi, _sumLo, _squaresHi, _squaresLo, _weightHi, _weightLo;
    private DoubleDouble? _totalSumSquares;
    private readonly double[] _gradientHi = new double[beta.Length + 1];
    private readonly double[] _gradientLo = new double[beta.Length + 1];
    private double[]? _gramHi, _gramLo;

    /// <summary>The sums of a fit that has no rows to pass over (a merged <see cref="LinearRegressionAccumulator"/>):
    /// n, SSE and TSS from the triangle; the statistics that need the residuals in order are undefined
    /// (<see cref="HasRowStatistics"/> false).</summary>
    public static ResidualAccumulator FromSums(long count, double sumSquares, double totalSumSquares, bool hasIntercept) =>
        new(0, [], hasIntercept, 0)
        {
            Count = count, _sseHi = sumSquares, _totalSumSquares = totalSumSquares, HasRowStatistics = false,
            SumAbsolute = double.NaN, DurbinWatsonNumerator = double.NaN, _weightHi = count,
        };

    /// <summary>False when the sums come from a triangle alone (<see cref="FromSums"/>): Σ|eᵢ|, Durbin–Watson and
    /// robust covariances need a second pass over the rows in order.</summary>
    public bool HasRowStatistics { get; private init; } = true;

    /// <summary>Whether the rows carry weights (weighted least squares): SSE = Σwᵢeᵢ² and TSS around the weighted
    /// mean.</summary>
    public bool Weighted { get; set; }

    /// <summary>Σ ln wᵢ (0 without weights), which the weighted log-likelihood adds halved (statsmodels'
    /// <c>WLS.loglike</c>).</summary>
    public double SumLogWeights { get; set; }

    /// <summary>Told every row's features, residual and weight (1 without weights) as the pass goes, for the
    /// statistics that need more than sums (the robust covariances).</summary>
    public IResidualObserver? Observer { get; init; }

    /// <summary>The solution whose residuals this pass sums.</summary>
    public double Intercept => intercept;

    /// <summary>The coefficients whose residuals this pass sums (not copied: do not modify).</summary>
    public double[] Beta => beta;

    public long Count { get; private set; }

    public double SumSquares => SumSquaresExtended.ToDouble();

    /// <summary>SSE = Σwᵢeᵢ² in double-double.</summary>
    public DoubleDouble SumSquaresExtended => new DoubleDouble(_sseHi, 0) + _sseLo;

    public double SumAbsolute { get; private set; }

    public double DurbinWatsonNumerator { get; private set; }

    public double TotalSumSquares => TotalSumSquaresExtended.ToDouble();

    /// <summary>Σwᵢ(yᵢ − ȳ)² in double-double: Σwᵢdᵢ² − (Σwᵢdᵢ)²/Σwᵢ with dᵢ = yᵢ − c exact (c the fit's ȳ, a double
    /// close to the mean, so the correction term is tiny); Σwᵢyᵢ² without an intercept.</summary>
    public DoubleDouble TotalSumSquaresExtended
    {
        get
        {
            if (_totalSumSquares is { } fixedValue)
                return fixedValue;
            var squares = new DoubleDouble(_squaresHi, 0) + _squaresLo;
            if (!hasIntercept || Count == 0)
                return squares;
            var sum = new DoubleDouble(_sumHi, 0) + _sumLo;
            return squares - sum * sum / WeightSum;
        }
    }

    /// <summary>R² = 1 − SSE/TSS evaluated in double-double and rounded once: for a fit that explains little (Wampler5,
    /// R² = 0.0022) the double subtraction would lose log₁₀(SSE/(TSS·R²)) ≈ 2.7 digits.</summary>
    public double RSquared => (1.0 - SumSquaresExtended / TotalSumSquaresExtended).ToDouble();

    /// <summary>Σwᵢ (n without weights) in double-double.</summary>
    public DoubleDouble WeightSum => new DoubleDouble(_weightHi, 0) + _weightLo;

    /// <summary>gⱼ = Σwᵢzᵢⱼeᵢ with z = [1, x]: j = 0 is Σwᵢeᵢ, j ≥ 1 the feature j − 1.</summary>
    public DoubleDouble Gradient(int j) => new DoubleDouble(_gradientHi[j], 0) + _gradientLo[j];

    /// <summary>Whether <see cref="CollectGram"/> was called (before the first row).</summary>
    public bool HasGram => _gramHi is not null;

    /// <summary>Also sums G = Σwᵢzᵢzᵢᵀ, z = [1, x] ((k + 1)², upper triangle) in double-double.</summary>
    public void CollectGram()
    {
        var q = beta.Length + 1;
        _gramHi = new double[q * q];
        _gramLo = new double[q * q];
    }

    /// <summary>G[a, b] for a ≤ b (index 0 the ones column).</summary>
    public DoubleDouble Gram(int a, int b)
    {
        var q = beta.Length + 1;
        var at = Math.Min(a, b) * q + Math.Max(a, b);
        return new DoubleDouble(_gramHi![at], 0) + _gramLo![at];
    }

    /// <summary>Feeds m rows of row-major x (k = β's length wide) and their targets, each of weight 1.</summary>
    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        unsafe
        {
            fixed (double* px = x, py = y)
                AddRows(new StridedRows(px, py, beta.Length, beta.Length, 1, y.Length));
        }
    }

    /// <summary>Feeds rows of <paramref name="width"/> = k + 1 values each: the features, then the target.</summary>
    public void AddInterleaved(ReadOnlySpan<double> values, int width)
    {
        unsafe
        {
            fixed (double* p = values)
                AddRows(new StridedRows(p, p + width - 1, width - 1, width, width, values.Length / width));
        }
    }

    /// <summary>Feeds validated in-memory rows.</summary>
    public void Add(double[][] x, double[] y) => AddRows(new JaggedRows(x, y));

    /// <summary>Feeds validated in-memory rows with their (validated, positive) weights.</summary>
    public void Add(double[][] x, double[] y, double[] weights) => AddRows(new WeightedRows(x, y, weights));

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
        var k = beta.Length;
        Span<double> gh = k < 128 ? stackalloc double[k + 1] : new double[k + 1];
        Span<double> gl = k < 128 ? stackalloc double[k + 1] : new double[k + 1];
        gh.Clear();
        gl.Clear();
        double sseHi = 0, sseLo = 0, sumHi = 0, sumLo = 0, squaresHi = 0, squaresLo = 0, weightHi = 0, weightLo = 0;
        double sae = 0, dw = 0, last = _last;
        var b = intercept;
        var c = hasIntercept ? yMean : 0.0;
        var count = Count;
        for (var i = 0; i < rows.Count; i++)
        {
            var x = rows.Row(i);
            var y = rows.Target(i);
            var w = rows.Weight(i);
            // eᵢ = yᵢ − b − Σxᵢⱼβⱼ in double-double (Dot2): four partial sums (lane l takes j ≡ l mod 4), then the
            // rest one by one.
            var rh = DoubleDouble.TwoSum(y, -b, out var rl);
            var done = k >= 4 ? AddProducts4(x, beta, ref rh, ref rl) : 0;
            for (var j = done; j < k; j++)
            {
                var p = DoubleDouble.TwoProd(x[j], beta[j], out var pe);
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
