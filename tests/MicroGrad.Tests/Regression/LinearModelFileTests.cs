using System.Text.Json.Nodes;
using MicroGrad.NN;
using MicroGrad.Regression;
using static MicroGrad.Tests.Regression.RegressionTestData;

namespace MicroGrad.Tests.Regression;

public class LinearModelFileTests
{
    private static LinearRegressionModel Fit(LinearRegressionOptions? options = null) => LongleyExtras.FitLongley(options);

    private static string TempFile(string name) =>
        Path.Combine(Directory.CreateTempSubdirectory("micrograd-linfile-").FullName, name);

    private static string Golden => TestData.PathOf("linreg_model_v1.json");

    [Theory]
    [InlineData(CovarianceType.NonRobust)]
    [InlineData(CovarianceType.HC3)]
    public void A_saved_model_predicts_and_gives_the_same_intervals_bit_for_bit(CovarianceType type)
    {
        var model = Fit(new LinearRegressionOptions { Covariance = type });
        var path = TempFile("model.json");
        LinearRegressionModelFile.Save(path, model);
        var loaded = LinearRegressionModelFile.Load(path);
        var rows = LongleyExtras.Rows("predict_rows");
        Assert.Equal(model.Predict(rows), loaded.Predict(rows));
        Assert.Equal(model.PredictIntervals(rows), loaded.PredictIntervals(rows));
        Assert.Equal(model.PredictIntervals(rows, 0.9), loaded.PredictIntervals(rows, 0.9));
        Assert.Equal(model.Intercept, loaded.Intercept);
        Assert.Equal(model.Coefficients, loaded.Coefficients);
        Assert.Equal(model.FeatureNames, loaded.FeatureNames);
        Assert.Equal(type, loaded.Summary.CovarianceType);
        Assert.Equal("TOTEMP", loaded.Summary.TargetName);
        Assert.Equal(ModelFileFormat, ModelFile.ReadFormat(path));
        // The summary keeps what the file keeps: standard errors from the covariance (√Vⱼⱼ, so to rounding).
        for (var j = 0; j < model.Summary.StandardErrors.Count; j++)
            Close(model.Summary.StandardErrors[j], loaded.Summary.StandardErrors[j], 1e-13, what: $"se[{j}]");
        Assert.True(double.IsNaN(loaded.Summary.RSquared));
        Assert.Contains("model file", loaded.Summary.Undefined[nameof(RegressionSummary.RSquared)], StringComparison.Ordinal);
        // Serialize(text) is what Save writes.
        Assert.Equal(File.ReadAllText(path), LinearRegressionModelFile.Serialize(model));
    }

    private const string ModelFileFormat = LinearRegressionModelFile.FormatName;

    [Fact]
    public void The_golden_version_1_file_reproduces_statsmodels()
    {
        // TestData/linreg_model_v1.json: written by this version from Longley (OLS, QR); kept so that future readers
        // are tested against it. Oracle: statsmodels 0.13.5 get_prediction on the extras' rows, 1e-6 (LongleyExtras).
        var model = LinearRegressionModelFile.Load(Golden);
        var got = model.PredictIntervals(LongleyExtras.Rows("predict_rows"));
        var mean = LongleyExtras.Vector("predict_mean");
        var se = LongleyExtras.Vector("predict_mean_se");
        var lower = LongleyExtras.Vector("predict_obs_ci_lower");
        for (var r = 0; r < got.Length; r++)
        {
            Close(mean[r], got[r].Mean, LongleyExtras.Tolerance, what: $"mean[{r}]");
            Close(se[r], got[r].MeanStandardError, LongleyExtras.Tolerance, what: $"se[{r}]");
            Close(lower[r], got[r].ObservationLower, LongleyExtras.Tolerance, what: $"obs_lower[{r}]");
        }
    }

    [Fact]
    public void A_ridge_model_saves_without_covariance_and_says_why()
    {
        var model = Fit(new LinearRegressionOptions { L2 = 0.1 });
        var json = JsonNode.Parse(LinearRegressionModelFile.Serialize(model))!;
        Assert.Null(json["covariance"]);
        Assert.Contains("ridge", json["noCovariance"]!.GetValue<string>(), StringComparison.Ordinal);
        var loaded = LinearRegressionModelFile.Deserialize(json.ToJsonString());
        Assert.Equal(model.Predict(LongleyExtras.Rows("predict_rows")), loaded.Predict(LongleyExtras.Rows("predict_rows")));
        var e = Assert.Throws<InvalidOperationException>(() => loaded.PredictIntervals(LongleyExtras.Rows("predict_rows")));
        Assert.Contains("ridge", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_format_tells_the_two_kinds_apart()
    {
        Assert.Equal(ModelFile.FormatName, ModelFile.ReadFormat(TestData.PathOf("model_v1_full.json")));
        Assert.Equal(LinearRegressionModelFile.FormatName, ModelFile.ReadFormat(Golden));
        var bad = TempFile("bad.json");
        File.WriteAllText(bad, "[1, 2]");
        Assert.Contains("expected a JSON object at the top", Assert.Throws<InvalidDataException>(() => ModelFile.ReadFormat(bad)).Message,
            StringComparison.Ordinal);
        File.WriteAllText(bad, "{\"version\": 1}");
        Assert.Contains("missing field 'format'", Assert.Throws<InvalidDataException>(() => ModelFile.ReadFormat(bad)).Message,
            StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Corruptions => new()
    {
        // (JSON path to change, new value as JSON (or "DELETE"), expected text in the message)
        { "format", "\"micrograd-mlp\"", "a network: read it with ModelFile.Load" },
        { "format", "\"csv\"", "field 'format' must be \"micrograd-linear-regression\"; found 'csv'" },
        { "version", "2", "version 2 was written by a newer MicroGrad; this library reads version 1" },
        { "version", "0", "unknown version 0" },
        { "coefficients", "DELETE", "missing field 'coefficients'" },
        { "coefficients.2", "\"x\"", "field 'coefficients[2]' must be a number; found string" },
        { "coefficients.2", "1e999", "field 'coefficients[2]' must be a finite number" },
        { "fitIntercept", "\"yes\"", "field 'fitIntercept' must be true or false; found string" },
        { "covarianceType", "\"HC9\"", "field 'covarianceType' must be one of" },
        { "covariance.1.2", "12345", "but covariance[1][2] = 12345.0" },
        { "covariance.1.1", "-1", "diagonal holds variances (>= 0); found covariance[1][1] = -1.0" },
        { "predictionCovariance.3", "[1, 2]", "wrong shape: field 'predictionCovariance[3]' holds 2 numbers but the model has 7 parameters" },
        { "featureMeans", "[1]", "wrong shape: field 'featureMeans' holds 1 numbers but the model has 6 features" },
        { "dfResid", "8", "field 'dfResid' must be observations − dfModel − 1 = 9 (≥ 0); found 8" },
        { "observations", "-3", "field 'observations' must be a positive integer" },
        { "options.solver", "\"lbfgs\"", "field 'options.solver' must be one of \"qr\", \"gd\", \"sgd\"; found 'lbfgs'" },
        { "options", "DELETE", "missing field 'options'" },
        // Two features of one name would read one column twice.
        { "featureNames.3", "\"GNPDEFL\"", "field 'featureNames' must name each feature once; found 'GNPDEFL' at featureNames[0] and featureNames[3]" },
    };

    [Fact]
    public void A_files_noCovariance_reason_is_echoed_bounded_and_escaped()
    {
        var json = JsonNode.Parse(File.ReadAllText(Golden))!.AsObject();
        foreach (var field in new[] { "covariance", "predictionCovariance", "featureMeans" })
            json.Remove(field);
        json["noCovariance"] = "\u001b[31m" + new string('x', 5000);

        var model = LinearRegressionModelFile.Deserialize(json.ToJsonString());

        var e = Assert.Throws<InvalidOperationException>(() => model.PredictIntervals([[1, 2, 3, 4, 5, 6]]));
        Assert.DoesNotContain('\u001b', e.Message);
        Assert.Contains("'\\u001B[31mxxx", e.Message, StringComparison.Ordinal);
        Assert.Contains("(5,005 characters)", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 200, e.Message);
        Assert.DoesNotContain('\u001b', model.Summary.ToString());
    }

    [Fact]
    public void A_plain_noCovariance_reason_is_kept_as_written()
    {
        var json = JsonNode.Parse(File.ReadAllText(Golden))!.AsObject();
        foreach (var field in new[] { "covariance", "predictionCovariance", "featureMeans" })
            json.Remove(field);
        json["noCovariance"] = "ridge (l2 > 0) has no covariance";

        var model = LinearRegressionModelFile.Deserialize(json.ToJsonString());

        var e = Assert.Throws<InvalidOperationException>(() => model.PredictIntervals([[1, 2, 3, 4, 5, 6]]));
        Assert.Equal("Prediction intervals are undefined for this model: ridge (l2 > 0) has no covariance.", e.Message);
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupt_file_is_an_error_naming_the_field(string path, string value, string expected)
    {
        var json = JsonNode.Parse(File.ReadAllText(Golden))!;
        var parts = path.Split('.');
        var parent = json;
        foreach (var part in parts[..^1])
            parent = int.TryParse(part, out var i) ? parent[i]! : parent[part]!;
        var last = parts[^1];
        if (value == "DELETE")
            parent.AsObject().Remove(last);
        else if (int.TryParse(last, out var index))
            parent[index] = JsonNode.Parse(value);
        else
            parent[last] = JsonNode.Parse(value);
        var text = json.ToJsonString().Replace("1E+999", "1e999", StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => LinearRegressionModelFile.Deserialize(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Model file (text): ", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, e.Message);
    }

    [Fact]
    public void Invalid_json_says_where_and_a_network_file_is_not_a_linear_model()
    {
        var e = Assert.Throws<InvalidDataException>(() => LinearRegressionModelFile.Deserialize("{\"format\": \"micrograd-linear-regression\", "));
        Assert.Contains("is not valid JSON", e.Message, StringComparison.Ordinal);
        var mlp = Assert.Throws<InvalidDataException>(() => LinearRegressionModelFile.Load(TestData.PathOf("model_v1_full.json")));
        Assert.Contains("a network", mlp.Message, StringComparison.Ordinal);
        // And the network reader still refuses a linear model, naming the format.
        var linear = Assert.Throws<InvalidDataException>(() => ModelFile.Load(Golden));
        Assert.Contains("field 'format' must be \"micrograd-mlp\"", linear.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_reads_a_model_file_once_and_bounded()
    {
        // Load used File.ReadAllBytes with no cap (a file or /dev/zero beyond memory); now both formats' Load and
        // ReadFormat refuse more than ModelFile.MaxFileBytes before reading it, naming the size.
        var huge = Path.Combine(Path.GetTempPath(), $"micrograd-huge-{Guid.NewGuid():N}.json");
        try
        {
            using (var stream = File.Create(huge))
                stream.SetLength(ModelFile.MaxFileBytes + 1); // sparse: no disk used
            foreach (var read in (Action[])[() => LinearRegressionModelFile.Load(huge), () => ModelFile.Load(huge), () => ModelFile.ReadFormat(huge)])
            {
                var e = Assert.Throws<InvalidDataException>(read);
                Assert.Contains("expected at most 256 MiB (268,435,456 bytes) of JSON; found 268,435,457 bytes.", e.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(huge);
        }
    }

    [Fact]
    public void Missing_file_is_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => LinearRegressionModelFile.Load(TempFile("absent.json")));
    }
}
