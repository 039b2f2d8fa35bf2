using System.Globalization;

namespace MicroGrad.Tests.Regression;

/// <summary>The regression data sets of TestData/ as arrays. The CSV files are plain numeric tables with a header
/// row (written by numpy/pandas), so a split on commas is enough here; the library's reader is tested elsewhere.</summary>
internal static class RegressionTestData
{
    public static (double[][] X, double[] Y, string[] Names) Csv(string fileName, string target)
    {
        var lines = File.ReadAllLines(TestData.PathOf(fileName));
        var header = lines[0].Split(',');
        var t = Array.IndexOf(header, target);
        Assert.True(t >= 0, $"target {target} missing from {fileName}");
        var names = header.Where((_, j) => j != t).ToArray();
        var rows = lines.Skip(1).Where(l => l.Length > 0).ToArray();
        var x = new double[rows.Length][];
        var y = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var cells = rows[i].Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            y[i] = cells[t];
            x[i] = cells.Where((_, j) => j != t).ToArray();
        }
        return (x, y, names);
    }

    public static (double[][] X, double[] Y, string[] Names) Longley() => Csv("longley.csv", "TOTEMP");

    public static (double[][] X, double[] Y, string[] Names) Diabetes() => Csv("diabetes.csv", "target");

    /// <summary>Asserts |actual − expected| ≤ rel·|expected| (or ≤ abs when given and looser).</summary>
    public static void Close(double expected, double actual, double rel, double abs = 0, string what = "")
    {
        var error = Math.Abs(actual - expected);
        Assert.True(error <= Math.Max(rel * Math.Abs(expected), abs),
            string.Create(CultureInfo.InvariantCulture,
                $"{what}: expected {expected:R}, got {actual:R} (relative error {error / Math.Abs(expected):E2}, allowed {rel:E0})"));
    }

    /// <summary>The log relative error (NIST's LRE): the number of correct significant digits.</summary>
    public static double Digits(double certified, double estimate) =>
        estimate == certified ? 17 : -Math.Log10(Math.Abs(estimate - certified) / Math.Abs(certified));
}
