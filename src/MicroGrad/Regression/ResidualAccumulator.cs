namespace MicroGrad.Regression;

/// <summary>
/// The sums the summary needs from the residuals eᵢ = yᵢ − b − xᵢ·β of a fitted model, fed row by row in file order
/// (so one streaming pass suffices): n, SSE = Σeᵢ², Σ|eᵢ|, the Durbin–Watson numerator Σ(eᵢ − eᵢ₋₁)² (carried across
/// chunk boundaries), and the total sum of squares Σ(yᵢ − ȳ)² around a known mean (Σyᵢ² without an intercept).
/// </summary>
internal sealed class ResidualAccumulator(double intercept, double[] beta, bool hasIntercept, double yMean)
{
    private double _last;

    /// <summary>The sums of a fit that has no rows to pass over (a merged <see cref="LinearRegressionAccumulator"/>):
    /// n, SSE and TSS from the triangle; the statistics that need the residuals in order are undefined
    /// (<see cref="HasRowStatistics"/> false).</summary>
    public static ResidualAccumulator FromSums(long count, double sumSquares, double totalSumSquares, bool hasIntercept) =>
        new(0, [], hasIntercept, 0)
        {
            Count = count, SumSquares = sumSquares, TotalSumSquares = totalSumSquares, HasRowStatistics = false,
            SumAbsolute = double.NaN, DurbinWatsonNumerator = double.NaN,
        };

    /// <summary>False when the sums come from a triangle alone (<see cref="FromSums"/>): Σ|eᵢ|, Durbin–Watson and
    /// robust covariances need a second pass over the rows in order.</summary>
    public bool HasRowStatistics { get; private init; } = true;

    /// <summary>Whether the rows carry weights (weighted least squares): SSE = Σwᵢeᵢ² and TSS around the weighted
    /// mean.</summary>
    public bool Weighted { get; init; }

    /// <summary>Σ ln wᵢ (0 without weights), which the weighted log-likelihood adds halved (statsmodels'
    /// <c>WLS.loglike</c>).</summary>
    public double SumLogWeights { get; set; }

    /// <summary>Told every row's features, residual and weight (1 without weights) as the pass goes, for the
    /// statistics that need more than sums (the robust covariances).</summary>
    public IResidualObserver? Observer { get; init; }

    public long Count { get; private set; }

    public double SumSquares { get; private set; }

    public double SumAbsolute { get; private set; }

    public double DurbinWatsonNumerator { get; private set; }

    public double TotalSumSquares { get; private set; }

    /// <summary>Feeds m rows of row-major x (k = β's length wide) and their targets.</summary>
    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var k = beta.Length;
        double sse = 0, sae = 0, dw = 0, tss = 0;
        var last = _last;
        var centre = hasIntercept ? yMean : 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var e = y[i] - intercept - LeastSquares.Dot(x.Slice(i * k, k), beta);
            Observer?.Observe(x.Slice(i * k, k), e, 1.0);
            sse += e * e;
            sae += Math.Abs(e);
            if (Count + i > 0)
                dw += (e - last) * (e - last);
            last = e;
            var d = y[i] - centre;
            tss += d * d;
        }
        _last = last;
        Count += y.Length;
        SumSquares += sse;
        SumAbsolute += sae;
        DurbinWatsonNumerator += dw;
        TotalSumSquares += tss;
    }

    /// <summary>Feeds rows of <paramref name="width"/> = k + 1 values each: the features, then the target.</summary>
    public void AddInterleaved(ReadOnlySpan<double> values, int width)
    {
        for (var i = 0; i + width <= values.Length; i += width)
            Add(values.Slice(i, width - 1), values.Slice(i + width - 1, 1));
    }

    /// <summary>Feeds validated in-memory rows.</summary>
    public void Add(double[][] x, double[] y)
    {
        for (var i = 0; i < y.Length; i++)
            Add(x[i], y.AsSpan(i, 1));
    }
}
