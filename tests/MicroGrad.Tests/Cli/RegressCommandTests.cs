using System.Text.Json;
using MicroGrad.Regression;
using MicroGrad.Tests.Regression;

namespace MicroGrad.Tests.Cli;

public class RegressCommandTests
{
    private static string Longley => TestData.PathOf("longley.csv");

    private static string TempCsv(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("micrograd-regress-").FullName, "data.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static int Digits(double got, double want) =>
        got == want ? 16 : (int)Math.Floor(-Math.Log10(Math.Abs(got - want) / Math.Abs(want)));

    [Fact]
    public void Json_on_longley_reproduces_the_nist_certified_values()
    {
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Out).RootElement;

        // NIST StRD Longley certified values (11+ significant digits required by the issue).
        (string Name, double Coef, double Se)[] certified =
        [
            ("const", -3482258.63459582, 890420.383607373),
            ("GNPDEFL", 15.0618722713733, 84.9149257747669),
            ("GNP", -0.0358191792925910, 0.0334910077722432),
            ("UNEMP", -2.02022980381683, 0.488399681651699),
            ("ARMED", -1.03322686717359, 0.214274163161675),
            ("POP", -0.0511041056535807, 0.226073200069370),
            ("YEAR", 1829.15146461355, 455.478499142212),
        ];
        foreach (var (name, coef, se) in certified)
        {
            Assert.True(Digits(json.GetProperty("coefficients").GetProperty(name).GetDouble(), coef) >= 11, name);
            Assert.True(Digits(json.GetProperty("std_errors").GetProperty(name).GetDouble(), se) >= 11, name);
        }
        Assert.True(Digits(json.GetProperty("intercept").GetDouble(), -3482258.63459582) >= 11);
        Assert.True(Digits(json.GetProperty("se_regression").GetDouble(), 304.854073561965) >= 11);
        Assert.True(Digits(json.GetProperty("r_squared").GetDouble(), 0.995479004577296) >= 11);
        Assert.Equal(16, json.GetProperty("n").GetInt32());
        Assert.Equal(6, json.GetProperty("df_model").GetInt32());
        Assert.Equal(9, json.GetProperty("df_resid").GetInt32());
        var ci = json.GetProperty("conf_int").GetProperty("YEAR");
        Assert.Equal(2, ci.GetArrayLength());
        Assert.True(ci[0].GetDouble() < 1829.15 && 1829.15 < ci[1].GetDouble());
        foreach (var field in new[] { "t_values", "p_values", "adj_r_squared", "f_statistic", "f_p_value", "mse", "rmse", "mae",
                     "log_likelihood", "aic", "bic", "durbin_watson", "condition_number" })
            Assert.True(json.TryGetProperty(field, out _), field);
    }

    [Fact]
    public void Json_is_the_library_s_summary_json()
    {
        // One schema, one writer: regress --json prints RegressionSummary.ToJson() of the same fit.
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--json");
        Assert.Equal(0, r.ExitCode);
        var library = new LinearRegression(new LinearRegressionOptions()).FitCsv(Longley, "TOTEMP").Summary.ToJson();
        Assert.Equal(library + Environment.NewLine, r.Out);
    }

    [Fact]
    public void The_table_reads_like_statsmodels()
    {
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("OLS Regression Results", r.Out, StringComparison.Ordinal);
        // statsmodels' summary for Longley: R-squared 0.995, Durbin-Watson 2.559, const coef -3.482e+06.
        Assert.Matches(@"R-squared:\s+0\.9955", r.Out);
        Assert.Matches(@"Durbin-Watson:\s+2\.559", r.Out);
        Assert.Matches(@"const\s+-3\.482e\+06", r.Out);
    }

    [Fact]
    public void Without_intercept_the_intercept_is_zero_and_const_is_absent()
    {
        // Least squares through the origin (hand calculation): slope = Σxy / Σx² = (2 + 8 + 18 + 32.0000004) / 30
        // = 60.0000004 / 30 = 2.0000000133333333.
        var path = TempCsv("x,y\n1,2\n2,4\n3,6\n4,8.0000001\n");
        var r = Cli.Run("regress", "--data", path, "--target", "y", "--no-intercept", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(0.0, json.GetProperty("intercept").GetDouble());
        Assert.False(json.GetProperty("coefficients").TryGetProperty("const", out _));
        Assert.Equal(60.0000004 / 30, json.GetProperty("coefficients").GetProperty("x").GetDouble(), 1e-12 * 2);
    }

    [Fact]
    public void An_undefined_statistic_is_null_and_named()
    {
        // Two points, two parameters: df_resid = 0, so standard errors are undefined.
        var path = TempCsv("x,y\n1,2\n2,5\n");
        var r = Cli.Run("regress", "--data", path, "--target", "y", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("se_regression").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("std_errors").GetProperty("x").ValueKind);
        Assert.True(json.GetProperty("undefined").EnumerateObject().Any());
    }

    [Fact]
    public void Gradient_descent_with_standardize_reaches_the_least_squares_fit()
    {
        // Oracle: the QR fit of the same file (exact least squares); diabetes features are already on one scale.
        var diabetes = TestData.PathOf("diabetes.csv");
        var qr = JsonDocument.Parse(Cli.Run("regress", "--data", diabetes, "--target", "target", "--json").Out).RootElement;
        var gd = Cli.Run("regress", "--data", diabetes, "--target", "target", "--json",
            "--solver", "gd", "--standardize", "--lr", "0.2", "--iterations", "20000", "--tolerance", "0");
        Assert.Equal(0, gd.ExitCode);
        var g = JsonDocument.Parse(gd.Out).RootElement;
        foreach (var c in qr.GetProperty("coefficients").EnumerateObject())
            Assert.Equal(c.Value.GetDouble(), g.GetProperty("coefficients").GetProperty(c.Name).GetDouble(), Math.Abs(c.Value.GetDouble()) * 1e-6 + 1e-6);
    }

    [Fact]
    public void Plots_are_written_as_png()
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-regress-").FullName;
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--plot", folder);
        Assert.Equal(0, r.ExitCode);
        foreach (var file in new[] { "predicted_vs_actual.png", "residuals.png" })
            Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(folder, file))[0]);
    }

    [Fact]
    public void Collinear_columns_are_an_input_error_naming_them()
    {
        var path = TempCsv("a,b,c,y\n1,2,3,1\n2,1,3,2\n3,5,8,2\n4,1,5,5\n5,2,7,4\n");
        var r = Cli.Run("regress", "--data", path, "--target", "y");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'c'", r.Error, StringComparison.Ordinal);
        Assert.Contains("pass --min-norm", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", r.Error, StringComparison.Ordinal);
        // The tool's advice in the tool's words only: no library option names.
        Assert.DoesNotContain("RankDeficiency", r.Error, StringComparison.Ordinal);
        var minNorm = Cli.Run("regress", "--data", path, "--target", "y", "--min-norm");
        Assert.Equal(0, minNorm.ExitCode);
    }

    [Fact]
    public void Divergence_exits_3_and_suggests_what_to_change()
    {
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--solver", "gd");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("a smaller learning rate than 0.01, or standardise the features", r.Error, StringComparison.Ordinal);
        Assert.EndsWith("Set them with --lr and --standardize.", r.Error.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("LearningRate", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--target", "NOPE", 2, "no column named 'NOPE'")]
    [InlineData("--lr", "-1", 1, "--lr expects a positive finite number; found '-1'.")]
    [InlineData("--lr", "Infinity", 1, "--lr expects a positive finite number; found 'Infinity'.")]
    [InlineData("--iterations", "0", 1, "--iterations expects a positive integer; found '0'.")]
    [InlineData("--tolerance", "-0.5", 1, "--tolerance expects a finite number ≥ 0; found '-0.5'.")]
    [InlineData("--seed", "0", 1, "--seed expects a non-zero seed (0 is a fixed point of the xorshift generator); found 0.")]
    [InlineData("--solver", "lu", 1, "--solver expects one of qr, gd, sgd; found 'lu'.")]
    [InlineData("--solver", "lu", 1, "See 'micrograd regress --help'")]
    public void Bad_input_gets_its_exit_code_and_message(string option, string value, int code, string message)
    {
        string[] args = option == "--target"
            ? ["regress", "--data", Longley, option, value]
            : ["regress", "--data", Longley, "--target", "TOTEMP", option, value];
        var r = Cli.Run(args);
        Assert.Equal(code, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_cell_names_file_line_and_column()
    {
        var path = TempCsv("x,y\n1,2\n2,oops\n");
        var r = Cli.Run("regress", "--data", path, "--target", "y");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("line 3, column 2 'y': expected a finite number, found 'oops'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_input_error()
    {
        var r = Cli.Run("regress", "--data", "/nonexistent/data.csv", "--target", "y");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/nonexistent/data.csv", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qr")]
    [InlineData("gd")]
    public void Out_of_core_json_equals_the_in_memory_json(string solver)
    {
        // Oracle: the in-memory run of the same command (CsvData.Read + Fit). --out-of-core takes the path a file
        // above 256 MiB takes (qr: two streaming passes; gd: the binary cache), which sums in other blocks: 1e-12.
        var diabetes = TestData.PathOf("diabetes.csv");
        var cache = Directory.CreateTempSubdirectory("micrograd-regress-cache-").FullName;
        string[] args = ["regress", "--data", diabetes, "--target", "target", "--json", "--solver", solver,
            "--standardize", "--lr", "0.2", "--iterations", "3000", "--tolerance", "0"];
        var memory = Cli.Run(args);
        var streamed = Cli.Run([.. args, "--out-of-core", "--cache-dir", cache]);
        Assert.Equal(0, streamed.ExitCode);
        if (solver == "gd")
            Assert.Single(Directory.GetFiles(cache));
        else
            Assert.Empty(Directory.GetFiles(cache));
        AssertSameJson(JsonDocument.Parse(memory.Out).RootElement, JsonDocument.Parse(streamed.Out).RootElement, "");
        Directory.Delete(cache, recursive: true);
    }

    private static void AssertSameJson(JsonElement a, JsonElement b, string path)
    {
        Assert.Equal(a.ValueKind, b.ValueKind);
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(a.EnumerateObject().Select(p => p.Name), b.EnumerateObject().Select(p => p.Name));
                foreach (var p in a.EnumerateObject())
                    AssertSameJson(p.Value, b.GetProperty(p.Name), path + "." + p.Name);
                break;
            case JsonValueKind.Array:
                Assert.Equal(a.GetArrayLength(), b.GetArrayLength());
                for (var i = 0; i < a.GetArrayLength(); i++)
                    AssertSameJson(a[i], b[i], path + "[" + i + "]");
                break;
            case JsonValueKind.Number:
                var x = a.GetDouble();
                var y = b.GetDouble();
                Assert.True(Math.Abs(x - y) <= 1e-12 * Math.Abs(x), $"{path}: {x:R} vs {y:R}");
                break;
            default:
                Assert.Equal(a.ToString(), b.ToString());
                break;
        }
    }

    [Fact]
    public void Plot_with_out_of_core_is_an_input_error_that_says_why()
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-regress-").FullName;
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--plot", folder, "--out-of-core");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--plot needs the data in memory", r.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void Sgd_with_out_of_core_reads_the_file_into_memory()
    {
        // SGD over a file is not supported out of core; the CLI falls back to memory (documented in --help).
        var args = new[] { "regress", "--data", TestData.PathOf("diabetes.csv"), "--target", "target", "--json", "--solver", "sgd", "--standardize", "--iterations", "20" };
        var memory = Cli.Run(args);
        var forced = Cli.Run([.. args, "--out-of-core"]);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(memory.Out, forced.Out);
    }

    [Fact]
    public void Too_few_rows_are_named_as_the_cause()
    {
        // One row for two parameters (x and the intercept): no least-squares fit exists, whatever the column holds.
        var path = TempCsv("x,y\n1,2\n");
        var r = Cli.Run("regress", "--data", path, "--target", "y");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Only 1 observation(s) for 2 parameter(s)", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Regress_exits_2_on_a_wide_file_with_a_short_message()
    {
        // Issue 15, item 4: 5 rows × 10,000 columns (see TooFewObservationsTests).
        var path = TooFewObservationsTests.WideCsv();
        var r = TooFewObservationsTests.Within(() => Cli.Run("regress", "--data", path, "--target", "y"));
        Assert.Equal(2, r.ExitCode);
        TooFewObservationsTests.AssertNamesTheCounts(r.Error);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void An_unusable_plot_folder_fails_before_any_result_is_printed()
    {
        var file = TempCsv("x,y\n1,2\n");
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--plot", Path.Combine(file, "plots"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Cov_hc3_json_gives_cov_type_and_statsmodels_robust_errors()
    {
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--cov", "HC3", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("HC3", json.GetProperty("cov_type").GetString());
        // Oracle: statsmodels 0.13.5 OLS(...).fit(cov_type='HC3').bse (TestData/statsmodels_longley_extras.json), 1e-6.
        var expected = LongleyExtras.Vector("HC3_bse");
        var names = LongleyExtras.Names();
        for (var j = 0; j < expected.Length; j++)
            RegressionTestData.Close(expected[j], json.GetProperty("std_errors").GetProperty(names[j]).GetDouble(), LongleyExtras.Tolerance, what: names[j]);
        var library = new LinearRegression(new LinearRegressionOptions { Covariance = CovarianceType.HC3 }).FitCsv(Longley, "TOTEMP").Summary.ToJson();
        Assert.Equal(library + Environment.NewLine, r.Out);
        var table = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--cov", "HC3");
        Assert.Matches(@"Covariance Type:\s+HC3", table.Out);
        Assert.Contains("P>|z|", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hc9")]
    [InlineData("robust")]
    public void An_unknown_cov_is_a_usage_error(string value)
    {
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--cov", value);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--cov expects one of nonrobust, HC0, HC1, HC2, HC3; found '{value}'.", r.Error, StringComparison.Ordinal);
    }

    /// <summary>Longley with a column w of the extras' WLS weights 1/(1 + (i mod 5)), placed before the target.</summary>
    internal static string LongleyWithWeights()
    {
        var lines = File.ReadAllLines(Longley);
        var text = new System.Text.StringBuilder();
        var header = lines[0].Split(',');
        text.AppendLine(string.Join(',', header[..^1].Append("w").Append(header[^1])));
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            var w = Format.Python(1.0 / (1 + (i - 1) % 5));
            text.AppendLine(string.Join(',', cells[..^1].Append(w).Append(cells[^1])));
        }
        return TempCsv(text.ToString());
    }

    [Fact]
    public void Weights_fit_statsmodels_wls_and_the_column_is_not_a_feature()
    {
        // Oracle: statsmodels 0.13.5 WLS(y, X, weights=1/(1 + i mod 5)).fit(): wls_params, wls_bse, wls_rsquared,
        // wls_scale (TestData/statsmodels_longley_extras.json), 1e-6. Needs LinearRegression.FitWeighted (WP-A).
        var r = Cli.Run("regress", "--data", LongleyWithWeights(), "--target", "TOTEMP", "--weights", "w", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        var json = JsonDocument.Parse(r.Out).RootElement;
        var names = LongleyExtras.Names();
        Assert.Equal(names, json.GetProperty("coefficients").EnumerateObject().Select(p => p.Name));
        var parameters = LongleyExtras.Vector("wls_params");
        var bse = LongleyExtras.Vector("wls_bse");
        for (var j = 0; j < names.Length; j++)
        {
            RegressionTestData.Close(parameters[j], json.GetProperty("coefficients").GetProperty(names[j]).GetDouble(), LongleyExtras.Tolerance, what: names[j]);
            RegressionTestData.Close(bse[j], json.GetProperty("std_errors").GetProperty(names[j]).GetDouble(), LongleyExtras.Tolerance, what: names[j]);
        }
        RegressionTestData.Close(LongleyExtras.Number("wls_rsquared"), json.GetProperty("r_squared").GetDouble(), LongleyExtras.Tolerance, what: "R²");
        RegressionTestData.Close(LongleyExtras.Number("wls_scale"), json.GetProperty("scale").GetDouble(), LongleyExtras.Tolerance, what: "scale");
    }

    [Fact]
    public void A_weighted_fit_is_named_WLS_as_statsmodels_names_it()
    {
        // Oracle: statsmodels 0.13.5 WLS(y, X, weights=w).fit().summary() heads its table "WLS Regression Results" and
        // reports "Model: WLS" (OLS(...).summary(): "OLS Regression Results", "Model: OLS").
        var data = LongleyWithWeights();
        var weighted = Cli.Run("regress", "--data", data, "--target", "TOTEMP", "--weights", "w");
        Assert.True(weighted.ExitCode == 0, weighted.Error);
        Assert.Contains("WLS Regression Results", weighted.Out, StringComparison.Ordinal);
        Assert.Matches(@"Model:\s+WLS\s", weighted.Out);
        Assert.DoesNotContain("OLS", weighted.Out, StringComparison.Ordinal);
        var json = Cli.Run("regress", "--data", data, "--target", "TOTEMP", "--weights", "w", "--json");
        Assert.Equal("WLS", JsonDocument.Parse(json.Out).RootElement.GetProperty("model").GetString());

        var ols = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP");
        Assert.Contains("OLS Regression Results", ols.Out, StringComparison.Ordinal);
        Assert.Matches(@"Model:\s+OLS\s", ols.Out);
        var olsJson = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--json");
        Assert.Equal("OLS", JsonDocument.Parse(olsJson.Out).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void A_weights_column_missing_from_the_file_exits_2()
    {
        var r = Cli.Run("regress", "--data", LongleyWithWeights(), "--target", "TOTEMP", "--weights", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--weights 'nope': no such column in", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }

    /// <summary>Conflicts decided from the options alone are usage errors (exit 1 with the --help pointer, as
    /// <c>train --save - --log-json -</c>); gd, sgd and ridge have no weighted fit (they threw NotSupportedException,
    /// exit 70).</summary>
    [Theory]
    [InlineData("error: --weights names the target column 'TOTEMP'; give the column that holds the weights.", "--weights", "TOTEMP")]
    [InlineData("error: --weights fits by qr without --l2; found --solver gd.", "--weights", "w", "--solver", "gd")]
    [InlineData("error: --weights fits by qr without --l2; found --solver sgd.", "--weights", "w", "--solver", "sgd")]
    [InlineData("error: --weights fits by qr without --l2; found --l2 0.1.", "--weights", "w", "--l2", "0.1")]
    public void Weights_conflicting_with_other_options_are_usage_errors(string message, params string[] options)
    {
        var r = Cli.Run(["regress", "--data", LongleyWithWeights(), "--target", "TOTEMP", .. options]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
        Assert.Contains("See 'micrograd regress --help'.", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }

    /// <summary>A bad weight is named as CsvData names a bad cell (file, line, column, name), not as the library's
    /// "weights[3] … (Parameter 'weights')".</summary>
    [Theory]
    [InlineData("0", "0.0")]
    [InlineData("-1.5", "-1.5")]
    public void A_weight_that_is_not_positive_and_finite_names_its_line_and_column(string cell, string found)
    {
        // Row 3 (0-based) is on line 6: the header, rows 0-2 and a blank line (which holds no row) come before it.
        var lines = File.ReadAllLines(LongleyWithWeights()).ToList();
        var cells = lines[4].Split(',');
        cells[^2] = cell;
        lines[4] = string.Join(',', cells);
        lines.Insert(2, "");
        var path = TempCsv(string.Join('\n', lines) + "\n");

        var r = Cli.Run("regress", "--data", path, "--target", "TOTEMP", "--weights", "w");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {path}, line 6, column 7 'w': expected a positive finite weight (an inverse variance); found {found}.",
            r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_of_a_file_fitted_out_of_core_exit_2()
    {
        var r = Cli.Run("regress", "--data", LongleyWithWeights(), "--target", "TOTEMP", "--weights", "w", "--out-of-core");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--weights needs the data in memory", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_to_standard_output_moves_the_summary_to_standard_error()
    {
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--save", "-");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(LinearRegressionModelFile.FormatName, JsonDocument.Parse(r.Out).RootElement.GetProperty("format").GetString());
        Assert.Contains("OLS Regression Results", r.Error, StringComparison.Ordinal);
        // It is the library's file of the same fit.
        var library = new LinearRegression(new LinearRegressionOptions()).FitCsv(Longley, "TOTEMP");
        Assert.Equal(LinearRegressionModelFile.Serialize(library), r.Out);
    }
}

/// <summary><c>regress --threads</c>: sets the process-wide <see cref="Tensor.Threads"/> while it runs, so it shares the
/// collection of the tests that read that setting (not in parallel with them).</summary>
[Collection(Engine.TensorThreadsCollection.Name)]
public sealed class RegressThreadsTests : IDisposable
{
    private static string Longley => TestData.PathOf("longley.csv");

    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-regress-threads-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The threaded code runs only out of core with at least two chunks of 65,536 rows: 140,000 seeded rows
    /// of y = 1 + 2·x1 − 3·x2 + 0.5·x3 + noise make three chunks.</summary>
    private string ManyRows()
    {
        var path = Path.Combine(_dir, "many.csv");
        var rng = new Rng(12);
        var text = new System.Text.StringBuilder("x1,x2,x3,y\n");
        for (var i = 0; i < 140_000; i++)
        {
            var (a, b, c) = (rng.Uniform(-1, 1), rng.Uniform(-5, 5), rng.Uniform(0, 100));
            var y = 1 + 2 * a - 3 * b + 0.5 * c + rng.Uniform(-1, 1);
            text.Append(string.Join(',', Format.Python(a), Format.Python(b), Format.Python(c), Format.Python(y))).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void Threads_do_not_change_the_result_of_an_out_of_core_fit()
    {
        // Oracle: the single-threaded fit of the same file; the chunks are merged in a fixed order, so the threaded
        // result must be the same bytes.
        var data = ManyRows();
        var one = Cli.Run("regress", "--data", data, "--target", "y", "--out-of-core", "--json", "--threads", "1");
        var two = Cli.Run("regress", "--data", data, "--target", "y", "--out-of-core", "--json", "--threads", "2");
        Assert.True(one.ExitCode == 0, one.Error);
        Assert.True(two.ExitCode == 0, two.Error);
        Assert.Contains("\"n\": 140000", one.Out, StringComparison.Ordinal);
        Assert.Equal(one.Out, two.Out);
    }

    [Fact]
    public void Zero_threads_is_a_usage_error()
    {
        var bad = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--threads", "0");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--threads expects", bad.Error, StringComparison.Ordinal);
    }
}
