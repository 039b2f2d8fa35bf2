using System.Globalization;
using System.Text;
using MicroGrad.Regression;

namespace MicroGrad.Tests.Regression;

/// <summary>Issue 15, item 4: fewer rows than parameters is refused by the counts, before the (k + 2)² triangle is
/// allocated and factored (5 rows × 10,000 columns took 30+ minutes and answered in an 86 KB message).</summary>
public class TooFewObservationsTests
{
    private const int Rows = 5;
    private const int Columns = 10_000;

    /// <summary>A hang guard, not a timing: the check answers in milliseconds, the old code ran for 30+ minutes (and
    /// allocated 800 MB), so a bound this generous only separates "refused up front" from "factored first".</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    internal static T Within<T>(Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(HangGuard), $"still running after {HangGuard.TotalSeconds} s: the row count was not checked first");
        return task.Result;
    }

    private static double[][] Wide(out double[] y)
    {
        // Seeded: the values do not matter, only the shape (any 5 × 10,000 design is rank deficient).
        var random = new Random(15);
        var x = new double[Rows][];
        y = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            x[i] = new double[Columns];
            for (var j = 0; j < Columns; j++)
                x[i][j] = random.NextDouble();
            y[i] = random.NextDouble();
        }
        return x;
    }

    internal static string WideCsv()
    {
        var x = Wide(out var y);
        var sb = new StringBuilder();
        for (var j = 0; j < Columns; j++)
            sb.Append(CultureInfo.InvariantCulture, $"x{j + 1},");
        sb.Append("y\n");
        for (var i = 0; i < Rows; i++)
        {
            foreach (var v in x[i])
                sb.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            sb.Append(y[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        var path = Path.Combine(Directory.CreateTempSubdirectory("micrograd-wide-").FullName, "wide.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    internal static void AssertNamesTheCounts(string message)
    {
        Assert.True(message.Length < 300, $"{message.Length} characters: {message[..Math.Min(message.Length, 400)]}");
        Assert.Contains("Only 5 observation(s) for 10,001 parameter(s)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("x9999", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_refuses_five_rows_for_ten_thousand_columns_by_the_counts()
    {
        var x = Wide(out var y);
        var ex = Within(() => Record.Exception(() => new LinearRegression(new LinearRegressionOptions()).Fit(x, y)));
        AssertNamesTheCounts(Assert.IsType<RankDeficientException>(ex).Message);
    }

    [Theory]
    [InlineData(LinearSolver.Qr, StreamingMode.Never)]
    [InlineData(LinearSolver.Qr, StreamingMode.Always)]
    [InlineData(LinearSolver.GradientDescent, StreamingMode.Always)]
    public void FitCsv_refuses_a_wide_file_in_memory_streamed_and_cached(LinearSolver solver, StreamingMode streaming)
    {
        var path = WideCsv();
        var options = new LinearRegressionOptions
        {
            Solver = solver, Streaming = streaming, CacheFolder = Path.Combine(Path.GetDirectoryName(path)!, "cache"),
        };
        var ex = Within(() => Record.Exception(() => new LinearRegression(options).FitCsv(path, "y")));
        AssertNamesTheCounts(Assert.IsType<RankDeficientException>(ex).Message);
    }

    [Fact]
    public void Streaming_in_chunks_shorter_than_the_parameters_still_checks_after_the_pass()
    {
        // Chunks of 2 rows: the first chunk does not tell the row count, the check after the pass does.
        var path = Path.Combine(Directory.CreateTempSubdirectory("micrograd-wide-").FullName, "narrow.csv");
        File.WriteAllText(path, "a,b,c,d,y\n1,2,3,4,5\n2,3,5,7,1\n3,1,4,1,5\n");
        var ex = Assert.Throws<RankDeficientException>(() =>
            new LinearRegression(new LinearRegressionOptions()).FitCsvInChunks(path, "y", null, 2));
        Assert.Contains("Only 3 observation(s) for 5 parameter(s) (4 feature(s) and the intercept)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimum_norm_still_fits_fewer_rows_than_parameters()
    {
        // The check is for RankDeficiency.Throw only: the minimum-norm solution of an underdetermined system exists.
        // numpy: lstsq of the centred [[1, 2, 3], [4, 5, 7]] against the centred [1, 2] is the multiple of the row
        // difference (3, 3, 4)/34 (34 = 3² + 3² + 4²).
        var model = new LinearRegression(new LinearRegressionOptions { RankDeficiency = RankDeficiency.MinimumNorm })
            .Fit([[1, 2, 3], [4, 5, 7]], [1, 2]);
        Assert.Equal(3.0 / 34, model.Coefficients[0], 1e-12);
        Assert.Equal(4.0 / 34, model.Coefficients[2], 1e-12);
    }
}
