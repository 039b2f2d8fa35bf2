using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Cli.Training;

/// <summary>Standardises features with the training data's statistics, as scikit-learn's <c>StandardScaler</c>:
/// offset = mean, scale = population standard deviation (ddof 0), and scale 1 for a constant column.</summary>
internal static class Standardization
{
    /// <summary>The mean and population standard deviation of every column of <paramref name="rows"/> (n ≥ 1 rows of k).</summary>
    /// <exception cref="DataFormatException">A column's mean or spread overflows a double (values near ±1.8e308).</exception>
    public static Scaling Fit(double[][] rows, IReadOnlyList<string> names, string source)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var k = rows.Length == 0 ? 0 : rows[0].Length;
        var mean = new double[k];
        var std = new double[k];
        for (var j = 0; j < k; j++)
        {
            // Divide by a power of two near the largest magnitude first (exact, so ordinary data get the same bits), so
            // that neither the sum nor the squares overflow for values near ±1.8e308.
            var largest = 0.0;
            foreach (var row in rows)
                largest = Math.Max(largest, Math.Abs(row[j]));
            var unit = largest > 0 ? Math.ScaleB(1.0, Math.ILogB(largest)) : 1.0;
            var sum = 0.0;
            foreach (var row in rows)
                sum += row[j] / unit;
            var m = sum / rows.Length;
            // Two passes (mean, then squared deviations) avoid the cancellation of Σx² − n·m².
            var squares = 0.0;
            foreach (var row in rows)
                squares += (row[j] / unit - m) * (row[j] / unit - m);
            var s = Math.Sqrt(squares / rows.Length) * unit;
            mean[j] = m * unit;
            // predict applies (x − mean)/sd to raw values, so every difference must be finite too.
            var representable = double.IsFinite(mean[j]) && double.IsFinite(s);
            foreach (var row in rows)
                representable &= double.IsFinite(row[j] - mean[j]);
            if (!representable)
                throw new DataFormatException(
                    $"{source}: column '{names[j]}' is too large to standardise (its mean, spread or a deviation from the mean overflows a double).", source, 0, 0, names[j]);
            std[j] = s > 0 ? s : 1.0;
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
