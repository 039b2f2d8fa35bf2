using System.Globalization;
using MicroGrad.Data;

namespace MicroGrad.Tests.Regression;

/// <summary>The regression data sets of TestData/, read with the library's CSV reader.</summary>
internal static class RegressionTestData
{
    public static (double[][] X, double[] Y, string[] Names) Csv(string fileName, string target)
    {
        var data = CsvData.Read(TestData.PathOf(fileName), target);
        return (data.Features, data.Target, [.. data.FeatureNames]);
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

    /// <summary>The log relative error (NIST's LRE): the number of correct significant digits; a certified 0 is
    /// scored absolutely, −log₁₀|estimate| (as NIST does), and an exact match counts 17.</summary>
    public static double Digits(double certified, double estimate) =>
        estimate == certified ? 17
        : certified == 0 ? -Math.Log10(Math.Abs(estimate))
        : -Math.Log10(Math.Abs(estimate - certified) / Math.Abs(certified));
}
