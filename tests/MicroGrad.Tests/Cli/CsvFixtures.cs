using System.Globalization;
using System.Text;

namespace MicroGrad.Tests.Cli;

/// <summary>Small CSV files the train/predict tests write into their temporary folders.</summary>
internal static class CsvFixtures
{
    /// <summary>Three Gaussian blobs (σ = 0.5) centred 6 apart, labelled 3, 5 and 7 (not 0, 1, 2, so that the label
    /// mapping shows), <paramref name="perClass"/> points each, columns a, b, label.</summary>
    public static string Blobs(string folder, int perClass = 20, ulong seed = 42)
    {
        double[][] centres = [[0, 0], [6, 0], [0, 6]];
        int[] labels = [3, 5, 7];
        var rng = new Rng(seed);
        var text = new StringBuilder("a,b,label\n");
        for (var i = 0; i < perClass; i++)
        {
            for (var c = 0; c < 3; c++)
                text.Append(CultureInfo.InvariantCulture, $"{Num(centres[c][0] + rng.Normal(0, 0.5))},{Num(centres[c][1] + rng.Normal(0, 0.5))},{labels[c]}\n");
        }
        return Write(folder, "blobs.csv", text.ToString());
    }

    /// <summary>y = 2·x1 − 3·x2 + 1 (exactly), x uniform in [−1, 1], columns x1, x2, y.</summary>
    public static string Linear(string folder, int rows = 40)
    {
        var rng = new Rng(7);
        var text = new StringBuilder("x1,x2,y\n");
        for (var i = 0; i < rows; i++)
        {
            var (x1, x2) = (rng.Uniform(-1, 1), rng.Uniform(-1, 1));
            text.Append(CultureInfo.InvariantCulture, $"{Num(x1)},{Num(x2)},{Num(2 * x1 - 3 * x2 + 1)}\n");
        }
        return Write(folder, "linear.csv", text.ToString());
    }

    public static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A CSV file parsed naively (no quoting): the header and the rows' cells.</summary>
    public static (string[] Header, string[][] Rows) Parse(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = new string[lines.Length - 1][];
        for (var i = 1; i < lines.Length; i++)
            rows[i - 1] = lines[i].Split(',');
        return (lines[0].Split(','), rows);
    }

    public static double Num(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
