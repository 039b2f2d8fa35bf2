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
/// <c>--make-tabular ROWS PATH</c> writes any number of rows from the same seed (the memory targets' 100,000 and
/// 1,000,000 rows): the rows are drawn one after another, so a bigger file starts with tab20k's 20,000 rows.
/// </summary>
internal static class TabularData
{
    public const int Rows = 20_000;
    public const int Features = 10;
    public const int Classes = 3;
    public const ulong Seed = 20_000;

    public static (double[][] X, double[] Y) Make(int rows = Rows, ulong seed = Seed)
    {
        var x = new double[rows][];
        var y = new double[rows];
        var i = 0;
        foreach (var (row, label) in Generate(rows, seed))
            (x[i], y[i++]) = (row, label);
        return (x, y);
    }

    /// <summary>The rows one after another, each a new array (so a file of a million rows is written without holding
    /// them).</summary>
    private static IEnumerable<(double[] X, int Y)> Generate(int rows, ulong seed)
    {
        var rng = new Rng(seed);
        var w = new double[Classes * Features];
        for (var i = 0; i < w.Length; i++)
            w[i] = rng.Normal();
        for (var i = 0; i < rows; i++)
        {
            var row = new double[Features];
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
            yield return (row, best);
        }
    }

    /// <summary>Writes <paramref name="rows"/> rows (<see cref="Make"/>'s, for 20,000) as a CSV with a header x0 … x9,
    /// y, streamed to the file.</summary>
    public static void WriteCsv(string path, int rows = Rows)
    {
        var c = CultureInfo.InvariantCulture;
        using var text = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        for (var j = 0; j < Features; j++)
            text.Write(string.Create(c, $"x{j},"));
        text.Write("y\n");
        foreach (var (row, label) in Generate(rows, Seed))
        {
            foreach (var v in row)
            {
                text.Write(v.ToString("R", c));
                text.Write(',');
            }
            text.Write(label.ToString(c));
            text.Write('\n');
        }
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
