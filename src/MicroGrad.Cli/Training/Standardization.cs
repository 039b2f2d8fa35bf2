using MicroGrad.NN;

namespace MicroGrad.Cli.Training;

/// <summary>Standardises features with the training data's statistics, as scikit-learn's <c>StandardScaler</c>:
/// offset = mean, scale = population standard deviation (ddof 0), and scale 1 for a constant column.</summary>
internal static class Standardization
{
    /// <summary>The mean and population standard deviation of every column of <paramref name="rows"/> (n ≥ 1 rows of k).</summary>
    public static Scaling Fit(double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var k = rows.Length == 0 ? 0 : rows[0].Length;
        var mean = new double[k];
        var std = new double[k];
        for (var j = 0; j < k; j++)
        {
            var sum = 0.0;
            foreach (var row in rows)
                sum += row[j];
            var m = sum / rows.Length;
            // Two passes (mean, then squared deviations) avoid the cancellation of Σx² − n·m².
            var squares = 0.0;
            foreach (var row in rows)
                squares += (row[j] - m) * (row[j] - m);
            var s = Math.Sqrt(squares / rows.Length);
            mean[j] = m;
            std[j] = s > 0 && double.IsFinite(s) ? s : 1.0;
        }
        return new Scaling(mean, std);
    }

    /// <summary>Every row of <paramref name="rows"/> through <paramref name="scaling"/> (or unchanged when it is null).</summary>
    public static double[][] Apply(Scaling? scaling, double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (scaling is null)
            return rows;
        var scaled = new double[rows.Length][];
        for (var i = 0; i < rows.Length; i++)
            scaled[i] = scaling.Apply(rows[i]);
        return scaled;
    }
}
