using System.Globalization;
using System.Text;
using MicroGrad.Data;
using MicroGrad.Regression;
using MicroGrad.Tests.Engine;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

// Some tests set the process-wide Tensor.Threads (1 against 2); in the collection of such tests, so that a test that
// counts allocations (ObjectiveMemoryTests) never runs while another has set two threads.
[Collection(TensorThreadsCollection.Name)]
public sealed class StreamingFitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-stream-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LinearRegression Estimator(LinearRegressionOptions? o = null) => new(o ?? new LinearRegressionOptions());

    [Fact]
    public void Streaming_longley_in_chunks_of_five_rows_keeps_nist_s_11_digits()
    {
        // NIST StRD Longley certified values (as in LongleyTests). Chunks of 5 rows put boundaries inside the data
        // and make the shift the first five rows' means, not the overall means.
        double[] coefficients = [-3482258.63459582, 15.0618722713733, -0.0358191792925910, -2.02022980381683, -1.03322686717359, -0.0511041056535807, 1829.15146461355];
        double[] standardErrors = [890420.383607373, 84.9149257747669, 0.0334910077722432, 0.488399681651699, 0.214274163161675, 0.226073200069370, 455.478499142212];
        var s = Estimator().FitCsvInChunks(TestData.PathOf("longley.csv"), "TOTEMP", null, chunkRows: 5).Summary;
        for (var j = 0; j < coefficients.Length; j++)
        {
            Assert.True(Digits(coefficients[j], s.Parameters[j]) >= 11, $"coefficient {j}: {Digits(coefficients[j], s.Parameters[j]):F1} digits");
            Assert.True(Digits(standardErrors[j], s.StandardErrors[j]) >= 11, $"standard error {j}");
        }
        Assert.True(Digits(304.854073561965, s.StandardErrorOfRegression) >= 11);
        Assert.True(Digits(0.995479004577296, s.RSquared) >= 11);
        // statsmodels_longley.json: durbin_watson, condition number (residuals carried across chunk boundaries).
        var e = TestData.Json("statsmodels_longley.json");
        Close(e.GetProperty("durbin_watson").GetDouble(), s.DurbinWatson, 1e-9, what: "durbin_watson");
        Close(e.GetProperty("condition_number").GetDouble(), s.ConditionNumber, 1e-9, what: "condition_number");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void Streaming_equals_the_in_memory_fit_on_diabetes_to_1e_12(int chunkRows)
    {
        // Oracle: the in-memory fit (checked against statsmodels and NIST elsewhere); both reduce the same rows by
        // the same TSQR and differ only by the shift and the block boundaries, i.e. by rounding.
        var path = TestData.PathOf("diabetes.csv");
        var memory = Estimator().FitCsv(path, "target").Summary;
        var stream = Estimator().FitCsvInChunks(path, "target", null, chunkRows).Summary;
        Assert.Equal(memory.Observations, stream.Observations);
        for (var j = 0; j < memory.Parameters.Count; j++)
        {
            Close(memory.Parameters[j], stream.Parameters[j], 1e-12, what: $"parameter {j}");
            Close(memory.StandardErrors[j], stream.StandardErrors[j], 1e-12, what: $"standard error {j}");
        }
        foreach (var (name, a, b) in (ReadOnlySpan<(string, double, double)>)[
            ("R²", memory.RSquared, stream.RSquared), ("F", memory.FStatistic, stream.FStatistic),
            ("llf", memory.LogLikelihood, stream.LogLikelihood), ("MAE", memory.MeanAbsoluteError, stream.MeanAbsoluteError),
            ("DW", memory.DurbinWatson, stream.DurbinWatson), ("cond", memory.ConditionNumber, stream.ConditionNumber)])
            Close(a, b, 1e-12, what: name);
    }

    [Theory]
    [InlineData("diabetes.csv", "target", 7, true)]
    [InlineData("diabetes.csv", "target", 64, false)]
    [InlineData("longley.csv", "TOTEMP", 5, true)]
    public void Streaming_gives_the_same_doubles_on_one_thread_and_on_two(string file, string target, int chunkRows, bool intercept)
    {
        // Each chunk's triangle is the same arithmetic on any thread and the chunk triangles merge in chunk order, so
        // the thread count may not change a single bit (Assert.Equal on doubles is exact).
        var path = TestData.PathOf(file);
        var o = new LinearRegressionOptions { FitIntercept = intercept };
        var threads = Tensor.Threads;
        RegressionSummary one, two;
        try
        {
            Tensor.Threads = 1;
            one = Estimator(o).FitCsvInChunks(path, target, null, chunkRows).Summary;
            Tensor.Threads = 2;
            two = Estimator(o).FitCsvInChunks(path, target, null, chunkRows).Summary;
        }
        finally
        {
            Tensor.Threads = threads;
        }
        Assert.Equal(one.Parameters, two.Parameters);
        Assert.Equal(one.StandardErrors, two.StandardErrors);
        Assert.Equal(one.PValues, two.PValues);
        foreach (var (a, b) in (ReadOnlySpan<(double, double)>)[
            (one.RSquared, two.RSquared), (one.AdjustedRSquared, two.AdjustedRSquared), (one.FStatistic, two.FStatistic),
            (one.LogLikelihood, two.LogLikelihood), (one.Aic, two.Aic), (one.Bic, two.Bic),
            (one.SumOfSquaredResiduals, two.SumOfSquaredResiduals), (one.MeanAbsoluteError, two.MeanAbsoluteError),
            (one.DurbinWatson, two.DurbinWatson), (one.ConditionNumber, two.ConditionNumber)])
            Assert.Equal(a, b);
    }

    [Fact]
    public void Streaming_ridge_with_standardize_is_the_same_on_one_thread_and_on_two()
    {
        // The standard deviations of Standardize are summed on the parsing thread, in row order, for any thread count.
        var path = TestData.PathOf("diabetes.csv");
        var o = new LinearRegressionOptions { Standardize = true, L2 = 0.05 };
        var threads = Tensor.Threads;
        LinearRegressionModel one, two;
        try
        {
            Tensor.Threads = 1;
            one = Estimator(o).FitCsvInChunks(path, "target", null, 50);
            Tensor.Threads = 2;
            two = Estimator(o).FitCsvInChunks(path, "target", null, 50);
        }
        finally
        {
            Tensor.Threads = threads;
        }
        Assert.Equal(one.Coefficients, two.Coefficients);
        Assert.Equal(one.Intercept, two.Intercept);
        // Oracle: the in-memory ridge fit (two passes for the standard deviations): equal to rounding.
        var memory = Estimator(o).FitCsv(path, "target");
        for (var j = 0; j < memory.Coefficients.Count; j++)
            Close(memory.Coefficients[j], two.Coefficients[j], 1e-10, what: $"coefficient {j}");
    }

    [Fact]
    public void Streaming_ridge_without_intercept_equals_the_in_memory_fit()
    {
        // Oracle: the in-memory ridge fit; the standard deviations come from running sums instead of two passes.
        var path = TestData.PathOf("diabetes.csv");
        var o = new LinearRegressionOptions { FitIntercept = false, Standardize = true, L2 = 0.05 };
        var memory = Estimator(o).FitCsv(path, "target");
        var stream = Estimator(o).FitCsvInChunks(path, "target", null, 50);
        for (var j = 0; j < memory.Coefficients.Count; j++)
            Close(memory.Coefficients[j], stream.Coefficients[j], 1e-10, what: $"coefficient {j}");
    }

    [Fact]
    public void A_bad_cell_on_a_late_line_names_file_line_and_column()
    {
        var path = Path.Combine(_dir, "late.csv");
        var sb = new StringBuilder("a,b,y\n");
        for (var i = 0; i < 1000; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{i},{i % 7},{2 * i + 1}\n");
        sb.Append("5,x7,3\n");
        File.WriteAllText(path, sb.ToString());
        var ex = Assert.Throws<DataFormatException>(() => Estimator().FitCsvInChunks(path, "y", null, 64));
        Assert.Equal(path, ex.SourceName);
        Assert.Equal(1002, ex.Line);
        Assert.Equal(2, ex.Column);
        Assert.Equal("b", ex.ColumnName);
        Assert.Contains("'x7'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streaming_collinear_columns_are_named()
    {
        var path = Path.Combine(_dir, "collinear.csv");
        var sb = new StringBuilder("a,b,c,y\n");
        var rng = new Rng(3);
        for (var i = 0; i < 300; i++)
        {
            double a = rng.Normal(), b = rng.Normal();
            sb.Append(CultureInfo.InvariantCulture, $"{a:R},{b:R},{2 * a + b:R},{a - b + rng.Normal():R}\n");
        }
        File.WriteAllText(path, sb.ToString());
        var ex = Assert.Throws<RankDeficientException>(() => Estimator().FitCsvInChunks(path, "y", null, 32));
        Assert.Contains("rank 2 of 3", ex.Message, StringComparison.Ordinal);
    }
}
