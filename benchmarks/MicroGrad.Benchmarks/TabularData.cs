using System.Globalization;
using System.Text;

namespace MicroGrad.Benchmarks;

/// <summary>
/// Issue 10's tabular workload, made from a seed: 20,000 rows of 10 standard-normal features (seeded
/// <see cref="Rng"/>) and a 3-class target y = argmax over c of (x·w_c + 0.5·noise), with fixed class directions
/// w_c drawn from the same generator. <c>dotnet run -c Release --project benchmarks/MicroGrad.Benchmarks --
/// --make-tab20k tab20k.csv</c> writes it as a CSV (x0 … x9, y; features rounded to 6 decimals and written as shortest
/// round-trip text, so the file reads back to the same doubles), the file <c>micrograd train --data tab20k.csv --target y</c> and
/// <c>run.sh train --csv tab20k.csv</c> read; <see cref="Make"/> gives the benchmarks the same rows in memory.
/// </summary>
internal static class TabularData
{
    public const int Rows = 20_000;
    public const int Features = 10;
    public const int Classes = 3;
    public const ulong Seed = 20_000;

    public static (double[][] X, double[] Y) Make(int rows = Rows, ulong seed = Seed)
    {
        var rng = new Rng(seed);
        var w = new double[Classes * Features];
        for (var i = 0; i < w.Length; i++)
            w[i] = rng.Normal();
        var x = new double[rows][];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var row = x[i] = new double[Features];
            for (var j = 0; j < Features; j++)
                row[j] = Math.Round(rng.Normal(), 6); // 6 decimals: about 1.9 MB of CSV, as the issue's file
            var best = 0;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < Classes; c++)
            {
                var s = 0.5 * rng.Normal();
                for (var j = 0; j < Features; j++)
                    s += w[c * Features + j] * row[j];
                if (s > bestScore)
                    (best, bestScore) = (c, s);
            }
            y[i] = best;
        }
        return (x, y);
    }

    /// <summary>Writes <see cref="Make"/>'s rows as a CSV with a header x0 … x9, y.</summary>
    public static void WriteCsv(string path)
    {
        var (x, y) = Make();
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        for (var j = 0; j < Features; j++)
            text.Append(c, $"x{j},");
        text.Append("y\n");
        for (var i = 0; i < x.Length; i++)
        {
            foreach (var v in x[i])
                text.Append(v.ToString("R", c)).Append(',');
            text.Append(((int)y[i]).ToString(c)).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>The features standardised per column (mean 0, population standard deviation 1), as
    /// <c>micrograd train</c> and the PyTorch baseline do before training.</summary>
    public static double[][] Standardised(double[][] x)
    {
        var k = x[0].Length;
        var mean = new double[k];
        var sd = new double[k];
        foreach (var row in x)
        {
            for (var j = 0; j < k; j++)
                mean[j] += row[j] / x.Length;
        }
        foreach (var row in x)
        {
            for (var j = 0; j < k; j++)
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.Length;
        }
        var result = new double[x.Length][];
        for (var i = 0; i < x.Length; i++)
        {
            result[i] = new double[k];
            for (var j = 0; j < k; j++)
                result[i][j] = (x[i][j] - mean[j]) / Math.Sqrt(sd[j]);
        }
        return result;
    }
}
