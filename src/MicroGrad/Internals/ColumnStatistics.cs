namespace MicroGrad;

/// <summary>
/// Column means and population standard deviations, computed one way wherever the library takes them (feature
/// scaling, regression standardisation and shifts, streamed fits):
/// <list type="bullet">
/// <item>the mean is refined by a second pass, <c>m = Σx/n</c> then <c>m + Σ(x − m)/n</c> (the correction removes most
/// of the first sum's rounding);</item>
/// <item>the standard deviation takes a second pass over the squared deviations, <c>√(Σ(x − m)²/n)</c> (ddof 0), which
/// does not cancel as <c>Σx²/n − m²</c> does;</item>
/// <item>in memory, values are first divided by a power of two near the largest magnitude: exact, so ordinary data get
/// the same bits, while neither the sum nor the squares overflow for values near ±1.8e308;</item>
/// <item>streamed data (<see cref="ShiftedMoments"/>) cannot take a second pass: it sums deviations from a shift close to
/// the mean (the first block's mean), which keeps the one-pass variance formula accurate, divided by a power of two
/// near the first block's largest magnitude (so values near 1e300 do not overflow their squares either).</item>
/// </list>
/// </summary>
internal static class ColumnStatistics
{
    /// <summary>The refined mean of <paramref name="values"/> (n ≥ 1).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        var column = new Contiguous(values);
        return Moments(column, Unit(column), deviation: false).Mean;
    }

    /// <summary>The refined mean of column <paramref name="column"/> of row-major values <paramref name="width"/> wide.</summary>
    public static double Mean(ReadOnlySpan<double> rowMajor, int column, int width)
    {
        var values = new Strided(rowMajor, column, width);
        return Moments(values, Unit(values), deviation: false).Mean;
    }

    /// <summary>The refined mean of every column of <paramref name="rows"/> (n ≥ 1 rows of k).</summary>
    public static double[] Means(ReadOnlySpan<double[]> rows)
    {
        var means = new double[rows[0].Length];
        for (var j = 0; j < means.Length; j++)
        {
            var column = new Jagged(rows, j);
            means[j] = Moments(column, Unit(column), deviation: false).Mean;
        }
        return means;
    }

    /// <summary>The refined mean and the population standard deviation of column <paramref name="column"/> of
    /// <paramref name="rows"/> (n ≥ 1); either may be ±∞ when the values are too large for it.</summary>
    public static (double Mean, double StandardDeviation) MeanAndStandardDeviation(ReadOnlySpan<double[]> rows, int column)
    {
        var values = new Jagged(rows, column);
        return Moments(values, Unit(values), deviation: true);
    }

    /// <summary>The refined mean and the population standard deviation of <paramref name="values"/> (n ≥ 1).</summary>
    public static (double Mean, double StandardDeviation) MeanAndStandardDeviation(ReadOnlySpan<double> values)
    {
        var column = new Contiguous(values);
        return Moments(column, Unit(column), deviation: true);
    }

    /// <summary>A power of two near the largest magnitude (1 for a column of zeros).</summary>
    private static double Unit<T>(T column)
        where T : IColumn, allows ref struct
    {
        var largest = 0.0;
        for (var i = 0; i < column.Length; i++)
            largest = Math.Max(largest, Math.Abs(column[i]));
        // At least 2⁻¹⁰²², whose reciprocal is still a double (see Moments); subnormal columns are scaled up by that.
        return largest > 0 ? Math.ScaleB(1.0, Math.Max(Math.ILogB(largest), -1022)) : 1.0;
    }

    private static (double Mean, double StandardDeviation) Moments<T>(T column, double unit, bool deviation)
        where T : IColumn, allows ref struct
    {
        // unit is a power of two, so its reciprocal is exact and x·(1/unit) is bit for bit x/unit, without a division
        // per value; the sums of scaled values round as the plain sums would, but cannot overflow.
        var inverse = 1.0 / unit;
        var n = column.Length;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
            sum += column[i] * inverse;
        var mean = sum / n;
        var correction = 0.0;
        for (var i = 0; i < n; i++)
            correction += column[i] * inverse - mean;
        mean += correction / n;
        if (!deviation)
            return (mean * unit, double.NaN);
        var squares = 0.0;
        for (var i = 0; i < n; i++)
        {
            var d = column[i] * inverse - mean;
            squares += d * d;
        }
        return (mean * unit, Math.Sqrt(squares / n) * unit);
    }

    /// <summary>One column's values, read without copying them out.</summary>
    private interface IColumn
    {
        int Length { get; }

        double this[int i] { get; }
    }

    private readonly ref struct Contiguous : IColumn
    {
        private readonly ReadOnlySpan<double> _values;

        public Contiguous(ReadOnlySpan<double> values) => _values = values;

        public int Length => _values.Length;

        public double this[int i] => _values[i];
    }

    private readonly ref struct Strided : IColumn
    {
        private readonly ReadOnlySpan<double> _values;
        private readonly int _column;
        private readonly int _width;

        public Strided(ReadOnlySpan<double> values, int column, int width)
        {
            _values = values;
            _column = column;
            _width = width;
        }

        public int Length => _values.Length / _width;

        public double this[int i] => _values[i * _width + _column];
    }

    private readonly ref struct Jagged : IColumn
    {
        private readonly ReadOnlySpan<double[]> _rows;
        private readonly int _column;

        public Jagged(ReadOnlySpan<double[]> rows, int column)
        {
            _rows = rows;
            _column = column;
        }

        public int Length => _rows.Length;

        public double this[int i] => _rows[i][_column];
    }

    /// <summary>
    /// Streamed moments of k columns: <see cref="Shift"/> and a power-of-two unit uⱼ are set from the first block (see
    /// <see cref="SetShift(ReadOnlySpan{double}, int)"/>), then every row adds dⱼ = (xⱼ − sⱼ)/uⱼ and dⱼ², which give each
    /// column's mean and population standard deviation without a second pass.
    /// </summary>
    internal sealed class ShiftedMoments(int k)
    {
        private readonly double[] _sum = new double[k];
        private readonly double[] _sumSquares = new double[k];
        private readonly double[] _inverseUnit = [.. Enumerable.Repeat(1.0, k)];

        /// <summary>The shift s (zeros until set).</summary>
        public double[] Shift { get; } = new double[k];

        /// <summary>Rows added so far.</summary>
        public long Count { get; private set; }

        /// <summary>Sets the shift to the (refined) column means of row-major values <paramref name="width"/> ≥ k wide,
        /// and the unit to a power of two near their largest magnitude.</summary>
        public void SetShift(ReadOnlySpan<double> rowMajor, int width)
        {
            for (var j = 0; j < Shift.Length; j++)
            {
                var unit = Unit(new Strided(rowMajor, j, width));
                Shift[j] = ColumnStatistics.Mean(rowMajor, j, width);
                _inverseUnit[j] = 1.0 / unit;
            }
        }

        /// <summary>Adds one row's k features.</summary>
        public void Add(ReadOnlySpan<double> x)
        {
            for (var j = 0; j < Shift.Length; j++)
            {
                var d = (x[j] - Shift[j]) * _inverseUnit[j];
                _sum[j] += d;
                _sumSquares[j] += d * d;
            }
            Count++;
        }

        /// <summary>Column j's mean (shift plus the mean shifted difference).</summary>
        public double Mean(int j) => Shift[j] + _sum[j] / Count / _inverseUnit[j];

        /// <summary>Column j's population standard deviation √(Σ(xⱼ − x̄ⱼ)²/n).</summary>
        public double StandardDeviation(int j)
        {
            var mean = _sum[j] / Count;
            return Math.Sqrt(Math.Max(0, _sumSquares[j] / Count - mean * mean)) / _inverseUnit[j];
        }
    }
}
