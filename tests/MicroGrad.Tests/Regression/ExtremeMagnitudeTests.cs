using System.Globalization;
using MicroGrad.Regression;

namespace MicroGrad.Tests.Regression;

/// <summary>Issue 15, item 9: features near 1e300 (or 1e-300) are fitted, not called "constant". Squares of such values
/// overflow (or underflow) a double, so every sum of squares in the fit is scaled.</summary>
/// <remarks>The oracle is exact rational least squares (Python fractions) on a = 1 … 5, b = (2, 3, 5, 4, 1),
/// y = (1, 3, 2, 5, 4): intercept 1/3, a 80/99, b 8/99, SSE 350/99, standard errors (1.9720265943665387,
/// 0.42255556895660380, 0.42255556895660380) (Python decimal, 40 digits). Scaling a by a power of two is exact, so the
/// fit on a·2^s has a's coefficient and standard error times 2^−s and everything else unchanged.</remarks>
public sealed class ExtremeMagnitudeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("micrograd-extreme-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly double[] B = [2, 3, 5, 4, 1];
    private static readonly double[] Y = [1, 3, 2, 5, 4];
    private const double Intercept = 1.0 / 3, SlopeA = 80.0 / 99, SlopeB = 8.0 / 99, Sse = 350.0 / 99;
    private static readonly double[] StandardErrors = [1.9720265943665387, 0.42255556895660380, 0.42255556895660380];

    public static TheoryData<int> Exponents => [997, 1000, -1000, -1020];

    private static double[][] Design(int exponent)
    {
        var scale = Math.ScaleB(1.0, exponent);
        return [.. Enumerable.Range(0, 5).Select(i => new[] { (i + 1) * scale, B[i] })];
    }

    private static void AssertExact(LinearRegressionModel model, int exponent)
    {
        var scale = Math.ScaleB(1.0, exponent);
        var s = model.Summary;
        // Relative 1e-13: a well-conditioned 5×3 fit (κ ≈ 10 after centring) loses a few ulps at most.
        AssertRelative(Intercept, model.Intercept, "intercept");
        AssertRelative(SlopeA / scale, model.Coefficients[0], "a");
        AssertRelative(SlopeB, model.Coefficients[1], "b");
        AssertRelative(Sse, s.SumOfSquaredResiduals, "SSE");
        AssertRelative(StandardErrors[0], s.StandardErrors[0], "se(const)");
        AssertRelative(StandardErrors[1] / scale, s.StandardErrors[1], "se(a)");
        AssertRelative(StandardErrors[2], s.StandardErrors[2], "se(b)");
        Assert.Equal(s.TValues[1], SlopeA / StandardErrors[1], 1e-12);
    }

    private static void AssertRelative(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Abs(expected),
            $"{what}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, found {actual.ToString("R", CultureInfo.InvariantCulture)}");

    [Theory]
    [MemberData(nameof(Exponents))]
    public void Fit_of_a_feature_near_the_limits_of_double_matches_exact_least_squares(int exponent)
    {
        var model = new LinearRegression(new LinearRegressionOptions()).Fit(Design(exponent), Y, ["a", "b"]);
        AssertExact(model, exponent);
    }

    [Theory]
    [MemberData(nameof(Exponents))]
    public void Streamed_fit_of_a_feature_near_the_limits_of_double_matches_exact_least_squares(int exponent)
    {
        var path = Csv(exponent);
        var model = new LinearRegression(new LinearRegressionOptions()).FitCsvStreaming(path, "y");
        AssertExact(model, exponent);
    }

    [Theory]
    [MemberData(nameof(Exponents))]
    public void Standardised_gradient_descent_in_memory_and_through_the_cache_reaches_exact_least_squares(int exponent)
    {
        var path = Csv(exponent);
        var options = new LinearRegressionOptions
        {
            Solver = LinearSolver.GradientDescent, Standardize = true, LearningRate = 0.1, MaxIterations = 20_000,
            Tolerance = 0, CacheFolder = Path.Combine(Path.GetDirectoryName(path)!, "cache"),
        };
        var memory = new LinearRegression(options).Fit(Design(exponent), Y, ["a", "b"]);
        var cached = new LinearRegression(options).FitCsvStreaming(path, "y");
        var scale = Math.ScaleB(1.0, exponent);
        // 20,000 steps of 0.1 on standardised columns (correlation −0.3) contract the error far below 1e-9.
        Assert.Equal(SlopeA / scale, memory.Coefficients[0], SlopeA / scale * 1e-9);
        Assert.Equal(SlopeB, memory.Coefficients[1], 1e-9);
        // The cache sums in blocks and streams its moments: the same fit to a few ulps (CachedGradientDescentTests).
        Assert.Equal(memory.Coefficients[0], cached.Coefficients[0], Math.Abs(memory.Coefficients[0]) * 1e-12);
        Assert.Equal(memory.Coefficients[1], cached.Coefficients[1], 1e-12);
        Assert.Equal(memory.Intercept, cached.Intercept, 1e-12);
    }

    [Fact]
    public void Regress_prints_the_fit_of_a_feature_near_1e300_instead_of_calling_it_constant()
    {
        var run = Cli.Cli.Run("regress", "--data", Csv(997), "--target", "y", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("constant", run.Error, StringComparison.Ordinal);
        // 80/99·2^−997 (exact rational least squares, see the class remarks), as regress --json writes it.
        Assert.Contains((SlopeA / Math.ScaleB(1.0, 997)).ToString("R", CultureInfo.InvariantCulture)[..8], run.Out, StringComparison.Ordinal);
    }

    private string Csv(int exponent)
    {
        var x = Design(exponent);
        var lines = new List<string> { "a,b,y" };
        for (var i = 0; i < x.Length; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x[i][0]:R},{x[i][1]:R},{Y[i]:R}"));
        var path = Path.Combine(_folder, $"extreme{exponent}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Found by the CLI fuzz tests: a column whose norm exceeds the largest double (√5·1e308) cannot be
    /// fitted in double precision at all; it is named instead of crashing (exit 70) or being called constant.</summary>
    [Theory]
    [InlineData("", "x1")]
    [InlineData("--out-of-core", "x1")]
    [InlineData("--solver gd --standardize --out-of-core", "x1")]
    [InlineData("--target-too-large", "y")]
    public void Regress_names_a_column_too_large_for_double_precision(string options, string column)
    {
        var target = options == "--target-too-large";
        var lines = new List<string> { "x0,x1,y" };
        for (var i = 0; i < 5; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{i * 7 - 3},{(target ? B[i] : (i % 2 == 0 ? 1e308 : -1.5e308)):R},{(target ? (i % 2 == 0 ? 1e308 : -1.5e308) : Y[i]):R}"));
        var path = Path.Combine(_folder, "huge.csv");
        File.WriteAllLines(path, lines);
        string[] extra = target || options.Length == 0 ? [] : options.Split(' ');
        var run = Cli.Cli.Run(["regress", "--data", path, "--target", "y", "--cache-dir", Path.Combine(Path.GetDirectoryName(path)!, "cache"), .. extra]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Column '{column}' cannot be fitted in double precision", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_names_a_column_too_large_for_double_precision()
    {
        double[][] x = [[1, 1e308], [2, -1.5e308], [3, 1e308], [4, -1.5e308], [5, 1e308]];
        var ex = Assert.Throws<ArgumentException>(() => new LinearRegression(new LinearRegressionOptions()).Fit(x, Y, ["a", "b"]));
        Assert.Contains("Column 'b' cannot be fitted in double precision", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Review finding: the column means summed the values unscaled, so 40 values near 1e307 (a finite norm)
    /// overflowed the mean and the column was refused. The 5-row problem repeated 8 times has the same least-squares
    /// coefficients (the normal equations are multiplied by 8): exact rational least squares as above.</summary>
    [Fact]
    public void Forty_values_near_1e307_are_fitted_although_their_plain_sum_overflows()
    {
        var scale = Math.ScaleB(1.0, 1018);
        var x = new double[40][];
        var y = new double[40];
        for (var i = 0; i < 40; i++)
        {
            x[i] = [(i % 5 + 1) * scale, B[i % 5]];
            y[i] = Y[i % 5];
        }
        var model = new LinearRegression(new LinearRegressionOptions()).Fit(x, y, ["a", "b"]);
        AssertRelative(Intercept, model.Intercept, "intercept");
        AssertRelative(SlopeA / scale, model.Coefficients[0], "a");
        AssertRelative(SlopeB, model.Coefficients[1], "b");
    }

    /// <summary>Review finding: the target is not scaled, so a target near 1e-300 gave standard errors of 0 and
    /// t = ±inf (a false "significant"), and one near 1e300 infinite ones. It is refused, naming it.</summary>
    [Theory]
    [InlineData(-1000)]
    [InlineData(1000)]
    public void A_target_whose_squares_leave_double_s_range_is_named(int exponent)
    {
        var y = Y.Select(v => v * Math.ScaleB(1.0, exponent)).ToArray();
        var ex = Assert.Throws<ArgumentException>(() => new LinearRegression(new LinearRegressionOptions()).Fit(Design(0), y, ["a", "b"], "target"));
        Assert.Contains("Column 'target' cannot be fitted in double precision", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.ParamName);
    }
}
