namespace MicroGrad.Regression;

/// <summary>
/// The one-pass reduction of a streamed fit: rows arrive in blocks; the first block's means become the shift s
/// (and s_y), every row [1 | x − s | y − s_y] goes into a <see cref="TsqrAccumulator"/>, and
/// <see cref="ColumnStatistics.ShiftedMoments"/> gives each column's mean and population standard deviation without a
/// second pass.
/// </summary>
internal sealed class StreamingTriangle(int k, bool centre)
{
    private readonly ColumnStatistics.ShiftedMoments _moments = new(k);
    private readonly double[] _row = new double[LeastSquares.AccumulatorColumns(k, centre)];

    public TsqrAccumulator Accumulator { get; } = new(LeastSquares.AccumulatorColumns(k, centre));

    public double[] Shift => _moments.Shift;

    public double YShift { get; private set; }

    /// <summary>Feeds rows of row-major values <paramref name="width"/> = k + 1 wide (features, then the target).</summary>
    public void AddInterleaved(ReadOnlySpan<double> values, int width)
    {
        if (Accumulator.Rows == 0 && centre)
        {
            _moments.SetShift(values, width);
            YShift = ColumnStatistics.Mean(values, k, width);
        }
        for (var i = 0; i + width <= values.Length; i += width)
            AddRow(values.Slice(i, k), values[i + k]);
    }

    /// <summary>Feeds m rows: features row-major (k wide) in <paramref name="x"/>, targets in <paramref name="y"/>.</summary>
    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (Accumulator.Rows == 0 && centre)
        {
            _moments.SetShift(x, k);
            YShift = ColumnStatistics.Mean(y);
        }
        for (var i = 0; i < y.Length; i++)
            AddRow(x.Slice(i * k, k), y[i]);
    }

    private void AddRow(ReadOnlySpan<double> x, double y)
    {
        _moments.Add(x);
        LeastSquares.AccumulatorRow(x, y, centre, Shift, YShift, _row);
        Accumulator.Add(_row);
    }

    /// <summary>Column j's mean.</summary>
    public double Mean(int j) => _moments.Mean(j);

    /// <summary>Column j's population standard deviation.</summary>
    public double StandardDeviation(int j) => _moments.StandardDeviation(j);
}
