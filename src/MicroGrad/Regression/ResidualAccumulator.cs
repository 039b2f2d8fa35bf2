namespace MicroGrad.Regression;

/// <summary>
/// The sums the summary needs from the residuals eᵢ = yᵢ − b − xᵢ·β of a fitted model, fed row by row in file order
/// (so one streaming pass suffices): n, SSE = Σeᵢ², Σ|eᵢ|, the Durbin–Watson numerator Σ(eᵢ − eᵢ₋₁)² (carried across
/// chunk boundaries), and the total sum of squares Σ(yᵢ − ȳ)² around a known mean (Σyᵢ² without an intercept).
/// </summary>
internal sealed class ResidualAccumulator(double intercept, double[] beta, bool hasIntercept, double yMean)
{
    private double _last;

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
