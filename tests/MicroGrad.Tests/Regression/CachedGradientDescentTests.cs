using System.Globalization;
using System.Text;
using MicroGrad.Data;
using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

/// <summary>Gradient descent over a CSV file through the binary memory-mapped cache.</summary>
/// <remarks>
/// Oracle throughout: the in-memory gradient-descent fit of the same file (<see cref="CsvData.Read"/> +
/// <see cref="LinearRegression.Fit(Dataset)"/>), itself checked against least squares and statsmodels elsewhere.
/// Both run the same operations on the same doubles; the cache feeds the kernel in blocks, so Σr², Σr and Xᵀr are
/// summed in a different grouping (and, standardising, the means and deviations come from shifted one-pass sums
/// instead of two passes, and z = (x − mean)·(1/sd) is within 1 ulp of the in-memory quotient): each gradient
/// differs by a few ulps relative to the sums' terms, and gradient descent with a stable step contracts such
/// perturbations instead of amplifying them. Observed: below 5e-15 relative (diabetes, a small coefficient);
/// 1e-12 leaves a 200-fold margin.
/// </remarks>
public sealed class CachedGradientDescentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-cachedgd-").FullName;

    private string Folder => Path.Combine(_dir, "cache");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LinearRegressionOptions Gd(bool standardize = true, double lr = 0.2, int iterations = 2000) => new()
    {
        Solver = LinearSolver.GradientDescent,
        Standardize = standardize,
        LearningRate = lr,
        MaxIterations = iterations,
        Tolerance = 0,
        CacheFolder = Folder,
    };

    /// <summary>y = Σ j·xj/8 + noise over 8 standard normal features (the benchmark generator's model), seeded.</summary>
    private string Generated(int n, int seed = 5)
    {
        var path = Path.Combine(_dir, $"gen{n}.csv");
        var rng = new Rng((ulong)seed);
        var sb = new StringBuilder("x1,x2,x3,x4,x5,x6,x7,x8,y\n");
        for (var i = 0; i < n; i++)
        {
            var y = 3.0;
            for (var j = 0; j < 8; j++)
            {
                var v = rng.Normal();
                y += v * (j + 1) / 8;
                sb.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }
            sb.Append((y + 0.1 * rng.Normal()).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static void AssertSameFit(LinearRegressionModel memory, LinearRegressionModel cached, double rel = 1e-12)
    {
        Close(memory.Intercept, cached.Intercept, rel, what: "intercept");
        for (var j = 0; j < memory.Coefficients.Count; j++)
            Close(memory.Coefficients[j], cached.Coefficients[j], rel, what: $"coefficient {j}");
        Assert.Equal(memory.LossHistory.Count, cached.LossHistory.Count);
        for (var t = 0; t < memory.LossHistory.Count; t += 97)
            Close(memory.LossHistory[t], cached.LossHistory[t], rel, what: $"loss {t}");
        Close(memory.LossHistory[^1], cached.LossHistory[^1], rel, what: "last loss");
        var a = memory.Summary;
        var b = cached.Summary;
        Assert.Equal(a.Observations, b.Observations);
        Assert.Equal(a.ParameterNames, b.ParameterNames);
        for (var j = 0; j < a.Parameters.Count; j++)
            Same(a.StandardErrors[j], b.StandardErrors[j], rel, $"standard error {j}");
        foreach (var (name, x, y) in (ReadOnlySpan<(string, double, double)>)[
            ("R²", a.RSquared, b.RSquared), ("F", a.FStatistic, b.FStatistic), ("llf", a.LogLikelihood, b.LogLikelihood),
            ("MAE", a.MeanAbsoluteError, b.MeanAbsoluteError), ("DW", a.DurbinWatson, b.DurbinWatson),
            ("cond", a.ConditionNumber, b.ConditionNumber)])
            Same(x, y, rel, name);
    }

    /// <summary>Close, or undefined (NaN) in both (a ridge fit's inferential statistics).</summary>
    private static void Same(double expected, double actual, double rel, string what)
    {
        if (double.IsNaN(expected))
            Assert.True(double.IsNaN(actual), what);
        else
            Close(expected, actual, rel, what: what);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1 << 16)]
    public void Cached_gradient_descent_on_diabetes_equals_the_in_memory_fit(int blockRows)
    {
        // Standardised, k = 10 (the kernel's general vector path); blocks of 7 rows also exercise its scalar tails.
        var path = TestData.PathOf("diabetes.csv");
        var memory = new LinearRegression(Gd()).Fit(CsvData.Read(path, "target"));
        var cached = new LinearRegression(Gd()).FitCsvInChunks(path, "target", null, blockRows);
        AssertSameFit(memory, cached);
    }

    [Fact]
    public void Cached_gradient_descent_without_standardizing_reads_the_mapped_blocks_in_place()
    {
        // k = 8 (the kernel's register path) straight over the mapping, blocks of 256 rows.
        var path = Generated(3000);
        var o = Gd(standardize: false, lr: 0.1, iterations: 300);
        var memory = new LinearRegression(o).Fit(CsvData.Read(path, "y"));
        var cached = new LinearRegression(o).FitCsvInChunks(path, "y", null, 256);
        AssertSameFit(memory, cached);
    }

    [Fact]
    public void Cached_ridge_without_intercept_equals_the_in_memory_fit()
    {
        var path = Generated(1000, seed: 9);
        var o = Gd(iterations: 500) with { FitIntercept = false, L2 = 0.05 };
        var memory = new LinearRegression(o).Fit(CsvData.Read(path, "y"));
        var cached = new LinearRegression(o).FitCsvInChunks(path, "y", ["x2", "x5", "x7"], 100);
        var selected = new LinearRegression(o).Fit(CsvData.Read(path, "y", ["x2", "x5", "x7"]));
        AssertSameFit(selected, cached);
        Assert.Equal(8, memory.Coefficients.Count);
    }

    [Fact]
    public void Fit_csv_streaming_always_uses_the_cache_and_a_second_fit_does_not_parse_again()
    {
        var path = Generated(500);
        var auto = new LinearRegression(Gd());
        Assert.False(auto.IsStreamed(path));
        var memory = auto.FitCsv(path, "y");
        Assert.False(Directory.Exists(Folder)); // below the threshold: in memory, no cache
        var always = new LinearRegression(Gd() with { Streaming = StreamingMode.Always });
        Assert.True(always.IsStreamed(path));
        Assert.False(new LinearRegression(Gd() with { Streaming = StreamingMode.Always, Solver = LinearSolver.StochasticGradientDescent }).IsStreamed(path));
        var first = always.FitCsv(path, "y");
        AssertSameFit(memory, first);
        var cacheFile = Assert.Single(Directory.GetFiles(Folder));

        // A cell that no longer parses, with the CSV's size and time restored: only a reused cache can fit it.
        var time = File.GetLastWriteTimeUtc(path);
        var text = File.ReadAllText(path);
        var comma = text.IndexOf(',', text.IndexOf('\n', StringComparison.Ordinal));
        File.WriteAllText(path, string.Concat(text.AsSpan(0, comma - 1), "x", text.AsSpan(comma)));
        File.SetLastWriteTimeUtc(path, time);
        Assert.Throws<DataFormatException>(() => CsvData.Read(path, "y"));
        var second = always.FitCsv(path, "y");
        AssertSameFit(first, second, rel: 0); // same cache, same blocks: bit for bit
        Assert.Equal(cacheFile, Assert.Single(Directory.GetFiles(Folder)));
    }

    [Fact]
    public void A_changed_csv_is_refitted_from_its_new_content()
    {
        var path = Generated(400);
        var before = new LinearRegression(Gd()).FitCsvStreaming(path, "y");
        File.AppendAllText(path, "1,1,1,1,1,1,1,1,100\n");
        var after = new LinearRegression(Gd()).FitCsvStreaming(path, "y");
        Assert.Equal(400, before.Summary.Observations);
        Assert.Equal(401, after.Summary.Observations);
        AssertSameFit(new LinearRegression(Gd()).Fit(CsvData.Read(path, "y")), after);
    }

    [Fact]
    public void A_bad_cell_names_file_line_and_column()
    {
        var path = Generated(300);
        File.AppendAllText(path, "1,1,1,x?,1,1,1,1,1\n");
        var ex = Assert.Throws<DataFormatException>(() => new LinearRegression(Gd()).FitCsvInChunks(path, "y", null, 64));
        Assert.Equal(path, ex.SourceName);
        Assert.Equal(302, ex.Line);
        Assert.Equal(4, ex.Column);
        Assert.Equal("x4", ex.ColumnName);
    }

    [Fact]
    public void Divergence_over_the_cache_is_reported_as_in_memory()
    {
        // Longley's raw scales (GNP ~ 10⁵) make lr = 0.01 diverge, in memory as over the file.
        var path = TestData.PathOf("longley.csv");
        var o = Gd(standardize: false, lr: 0.01, iterations: 1000);
        var memory = Assert.Throws<TrainingDivergedException>(() => new LinearRegression(o).Fit(CsvData.Read(path, "TOTEMP")));
        var cached = Assert.Throws<TrainingDivergedException>(() => new LinearRegression(o).FitCsvStreaming(path, "TOTEMP"));
        // The loss in the message is printed to 17 digits, which the cache's other summation blocking may change.
        Assert.StartsWith("Gradient descent diverged at iteration ", cached.Message, StringComparison.Ordinal);
        Assert.Contains("or standardise the features", cached.Message, StringComparison.Ordinal);
        Assert.StartsWith("Gradient descent diverged at iteration ", memory.Message, StringComparison.Ordinal);
        Assert.Equal(memory.Step, cached.Step);
    }

    [Fact]
    public void Stochastic_gradient_descent_over_a_file_is_not_supported()
    {
        var o = Gd() with { Solver = LinearSolver.StochasticGradientDescent };
        var ex = Assert.Throws<NotSupportedException>(() => new LinearRegression(o).FitCsvStreaming(TestData.PathOf("longley.csv"), "TOTEMP"));
        Assert.Contains("CsvData.Read", ex.Message, StringComparison.Ordinal);
        Assert.Contains("StochasticGradientDescent", ex.Message, StringComparison.Ordinal);
    }
}
