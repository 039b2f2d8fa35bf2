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
internal sealed partial class ResidualAccumulator(double intercept, double[] beta, bool hasIntercept, double yMean)
{
    private readonly double _intercept = intercept;
    private readonly double[] _beta = beta;
    private readonly bool _hasIntercept = hasIntercept;
    private readonly double _yMean = yMean;
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
    public double Intercept => _intercept;

    /// <summary>The coefficients whose residuals this pass sums (not copied: do not modify).</summary>
    public double[] Beta => _beta;

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
            if (!_hasIntercept || Count == 0)
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
        var q = _beta.Length + 1;
        _gramHi = new double[q * q];
        _gramLo = new double[q * q];
    }

    /// <summary>G[a, b] for a ≤ b (index 0 the ones column).</summary>
    public DoubleDouble Gram(int a, int b)
    {
        var q = _beta.Length + 1;
        var at = Math.Min(a, b) * q + Math.Max(a, b);
        return new DoubleDouble(_gramHi![at], 0) + _gramLo![at];
    }

    /// <summary>Feeds m rows of row-major x (k = β's length wide) and their targets, each of weight 1.</summary>
    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        unsafe
        {
            fixed (double* px = x, py = y)
                AddRows(new StridedRows(px, py, _beta.Length, _beta.Length, 1, y.Length));
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
}
