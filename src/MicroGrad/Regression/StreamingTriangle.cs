namespace MicroGrad.Regression;

/// <summary>
/// The one-pass reduction of a streamed fit: rows arrive in blocks; the first block's means become the shift s
/// (and s_y), every row [1 | x − s | y − s_y] goes into a <see cref="TsqrAccumulator"/>, and the shifted sums
/// Σ(xⱼ − sⱼ) and Σ(xⱼ − sⱼ)² give each column's mean and population standard deviation without a second pass
/// (accurate because s is close to the mean: the variance formula then does not cancel).
/// </summary>
internal sealed class StreamingTriangle(int k, bool centre)
{
    private readonly double[] _sum = new double[k];
    private readonly double[] _sumSquares = new double[k];
    private readonly double[] _row = new double[LeastSquares.AccumulatorColumns(k, centre)];

    public TsqrAccumulator Accumulator { get; } = new(LeastSquares.AccumulatorColumns(k, centre));

    public double[] Shift { get; } = new double[k];

    public double YShift { get; private set; }

    /// <summary>Feeds rows of row-major values <paramref name="width"/> = k + 1 wide (features, then the target).</summary>
    public void AddInterleaved(ReadOnlySpan<double> values, int width)
    {
        if (Accumulator.Rows == 0 && centre)
        {
            for (var j = 0; j < k; j++)
                Shift[j] = StridedMean(values, j, width);
            YShift = StridedMean(values, k, width);
        }
        for (var i = 0; i + width <= values.Length; i += width)
            AddRow(values.Slice(i, k), values[i + k]);
    }

    /// <summary>Feeds m rows: features row-major (k wide) in <paramref name="x"/>, targets in <paramref name="y"/>.</summary>
    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (Accumulator.Rows == 0 && centre)
        {
            for (var j = 0; j < k; j++)
                Shift[j] = StridedMean(x, j, k);
            YShift = LeastSquares.Mean(y);
        }
        for (var i = 0; i < y.Length; i++)
            AddRow(x.Slice(i * k, k), y[i]);
    }

    private void AddRow(ReadOnlySpan<double> x, double y)
    {
        for (var j = 0; j < k; j++)
        {
            var d = x[j] - Shift[j];
            _sum[j] += d;
            _sumSquares[j] += d * d;
        }
        LeastSquares.AccumulatorRow(x, y, centre, Shift, YShift, _row);
        Accumulator.Add(_row);
    }

    /// <summary>Column j's mean (shift plus the mean shifted difference).</summary>
    public double Mean(int j) => Shift[j] + _sum[j] / Accumulator.Rows;

    /// <summary>Column j's population standard deviation √(Σ(xⱼ − x̄ⱼ)²/n).</summary>
    public double StandardDeviation(int j)
    {
        var n = Accumulator.Rows;
        var mean = _sum[j] / n;
        return Math.Sqrt(Math.Max(0, _sumSquares[j] / n - mean * mean));
    }

    /// <summary>Refined mean of column j of row-major values of the given width.</summary>
    private static double StridedMean(ReadOnlySpan<double> values, int j, int width)
    {
        var rows = values.Length / width;
        var s = 0.0;
        for (var i = 0; i < rows; i++)
            s += values[i * width + j];
        var mean = s / rows;
        var correction = 0.0;
        for (var i = 0; i < rows; i++)
            correction += values[i * width + j] - mean;
        return mean + correction / rows;
    }
}
