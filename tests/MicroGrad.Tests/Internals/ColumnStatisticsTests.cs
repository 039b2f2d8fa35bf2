namespace MicroGrad.Tests.Internals;

public class ColumnStatisticsTests
{
    private static double[][] Rows(int n, int k, ulong seed)
    {
        var rng = new Rng(seed);
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            rows[i] = new double[k];
            for (var j = 0; j < k; j++)
                rows[i][j] = 1e4 * (j + 1) + rng.Normal(0, j + 1);
        }
        return rows;
    }

    [Fact]
    public void The_power_of_two_prescale_keeps_the_bits_of_the_plain_two_pass_formulas()
    {
        // Oracle: the formulas written out (the refined mean, then sqrt(sum (x - mean)^2 / n)) without the prescale,
        // as LinearRegression computed them before; dividing by a power of two is exact, so the bits agree.
        var rows = Rows(257, 3, 7);
        for (var j = 0; j < 3; j++)
        {
            var column = rows.Select(r => r[j]).ToArray();
            var sum = 0.0;
            foreach (var v in column)
                sum += v;
            var mean = sum / column.Length;
            var correction = 0.0;
            foreach (var v in column)
                correction += v - mean;
            mean += correction / column.Length;
            var squares = 0.0;
            foreach (var v in column)
                squares += (v - mean) * (v - mean);
            var sd = Math.Sqrt(squares / column.Length);
            var (m, s) = ColumnStatistics.MeanAndStandardDeviation(rows, j);
            Assert.Equal(mean, m);
            Assert.Equal(sd, s);
            Assert.Equal((m, s), ColumnStatistics.MeanAndStandardDeviation(column));
            Assert.Equal(m, ColumnStatistics.Mean(column));
            Assert.Equal(m, ColumnStatistics.Means(rows)[j]);
        }
    }

    [Fact]
    public void A_strided_column_has_the_mean_of_the_same_values_in_a_row()
    {
        // By definition: column j of row-major values is the same numbers, summed in the same order.
        var rows = Rows(100, 3, 9);
        var flat = rows.SelectMany(r => r).ToArray();
        for (var j = 0; j < 3; j++)
            Assert.Equal(ColumnStatistics.Mean(rows.Select(r => r[j]).ToArray()), ColumnStatistics.Mean(flat, j, 3));
    }

    [Fact]
    public void Shifted_moments_agree_with_two_passes()
    {
        // Oracle: the two-pass statistics above; the one-pass shifted sums match them to float64 rounding because the
        // shift (the first block's mean) is close to the mean. 1e-12 relative.
        var rows = Rows(1000, 2, 11);
        var moments = new ColumnStatistics.ShiftedMoments(2);
        moments.SetShift(rows.Take(64).SelectMany(r => r).ToArray(), 2);
        foreach (var row in rows)
            moments.Add(row);
        Assert.Equal(1000, moments.Count);
        for (var j = 0; j < 2; j++)
        {
            var (mean, sd) = ColumnStatistics.MeanAndStandardDeviation(rows, j);
            Assert.Equal(mean, moments.Mean(j), 1e-12 * Math.Abs(mean));
            Assert.Equal(sd, moments.StandardDeviation(j), 1e-12 * sd);
        }
    }

    [Fact]
    public void Subnormal_values_are_scaled_up_without_overflowing_the_scale()
    {
        // Oracle: exact arithmetic. 2⁻¹⁰⁶⁰ and 3·2⁻¹⁰⁶⁰ are subnormal; their mean is 2·2⁻¹⁰⁶⁰ and their population standard
        // deviation 2⁻¹⁰⁶⁰, all exact in binary (the scale's reciprocal must stay finite for these to come out).
        var tiny = Math.ScaleB(1.0, -1060);
        var (mean, sd) = ColumnStatistics.MeanAndStandardDeviation([tiny, 3 * tiny]);
        Assert.Equal(2 * tiny, mean);
        Assert.Equal(tiny, sd);
    }
}
