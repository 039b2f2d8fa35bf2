using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-nn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Save_then_load_gives_bit_identical_parameters_and_predictions()
    {
        // EurekaLabs scaling makes parameters that need all 17 digits to round-trip.
        var model = new Mlp(3, [5, 4, 2], Activation.Tanh, Activation.Linear, Initialization.EurekaLabs, new Rng(7));
        var metadata = new ModelMetadata
        {
            FeatureNames = ["a", "b", "c"],
            Target = "species",
            Labels = ["setosa", "virginica"],
            InputScaling = new Scaling([1.5, 0.1, -3.0], [2.0, 0.3, 1e-3]),
        };
        var path = Path.Combine(_dir, "model.json");
        ModelFile.Save(path, model, metadata);
        var loaded = ModelFile.Load(path);

        Assert.Equal(model.ToString(), loaded.Model.ToString());
        var expected = model.GetParameterValues();
        var actual = loaded.Model.GetParameterValues();
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
        double[][] inputs = [[0.1, -0.2, 0.3], [1e-7, 5.0, -2.5]];
        foreach (var x in inputs)
            Assert.Equal(model.Predict(x), loaded.Model.Predict(x));
        Assert.Equal(["a", "b", "c"], loaded.Metadata.FeatureNames!);
        Assert.Equal("species", loaded.Metadata.Target);
        Assert.Equal(["setosa", "virginica"], loaded.Metadata.Labels!);
        Assert.Equal([2.0, 0.3, 1e-3], loaded.Metadata.InputScaling!.Scale);
        Assert.Equal([(2.0 - 1.5) / 2.0, 0.0, 0.0], loaded.Metadata.InputScaling.Apply([2.0, 0.1, -3.0]));
    }

    [Fact]
    public void A_target_scaling_round_trips_and_inverts_its_standardisation()
    {
        var model = new Mlp(2, [1], rng: new Rng(3));
        var path = Path.Combine(_dir, "regression.json");
        ModelFile.Save(path, model, new ModelMetadata { TargetScaling = new Scaling([65317.0], [3400.448738769635]) });

        var scaling = ModelFile.Load(path).Metadata.TargetScaling!;
        // Hand calculation: z = 0.5 standard deviations above the mean is 65317 + 0.5 · 3400.448738769635.
        Assert.Equal([65317.0 + 0.5 * 3400.448738769635], scaling.Invert([0.5]));
        Assert.Equal(0.5, scaling.Apply(scaling.Invert([0.5]))[0], 1e-12); // (a·s + m − m)/s loses a few ulps of m
    }

    [Fact]
    public void A_target_scaling_must_match_the_model_outputs()
    {
        var model = new Mlp(2, [3], rng: new Rng(3));
        var ex = Assert.Throws<ArgumentException>(() =>
            ModelFile.Save(Path.Combine(_dir, "bad.json"), model, new ModelMetadata { TargetScaling = new Scaling([0.0], [1.0]) }));
        Assert.Contains("target scalings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_dir, "m.json");
        File.WriteAllText(path, "old contents");
        ModelFile.Save(path, new Mlp(2, [1]));
        Assert.StartsWith("{", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Missing_field_is_named()
    {
        var ex = LoadBroken(json => json.Replace("\"version\": 1,", "", StringComparison.Ordinal));
        Assert.Contains("missing field 'version'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_version_is_named()
    {
        var ex = LoadBroken(json => json.Replace("\"version\": 1,", "\"version\": 2,", StringComparison.Ordinal));
        Assert.Contains("unknown version 2; this library reads version 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_number_parameter_is_named_with_its_index()
    {
        var ex = LoadBroken(json => ReplaceParameters(json, "[\"abc\", 0, 0]"));
        Assert.Contains("field 'parameters[0]' must be a number; found string \"abc\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_architecture_with_few_parameters_fails_fast_without_building_it()
    {
        // 100,000 × 100,000 weights would be 10¹⁰ Values; the file has 3 numbers. Counted by hand:
        // (2 + 1)·100000 + (100000 + 1)·100000 + (100000 + 1)·2 = 10,000,600,002.
        var ex = LoadBroken(json => System.Text.RegularExpressions.Regex.Replace(
            json, "\"layerSizes\":\\s*\\[[^\\]]*\\]", "\"layerSizes\": [100000, 100000, 2]"));
        Assert.Contains("needs 10000600002", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_names_counts_and_architecture()
    {
        var ex = LoadBroken(json => ReplaceParameters(json, "[1, 2]"));
        Assert.Contains("wrong shape: field 'parameters' holds 2 numbers but the architecture 2-1 (linear output, no hidden layer) needs 3",
            ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_and_unknown_activation_are_reported()
    {
        Assert.Contains("is not valid JSON", LoadBroken(json => json[..^5]).Message, StringComparison.Ordinal);
        var ex = LoadBroken(json => json.Replace("\"relu\"", "\"gelu\"", StringComparison.Ordinal));
        Assert.Contains("'hiddenActivation' must be one of", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found \"gelu\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diverged_model_and_mismatched_metadata_are_not_saved()
    {
        var model = new Mlp(2, [1]);
        model.Parameters()[0].Data = double.NaN;
        Assert.Throws<ArgumentException>(() => ModelFile.Serialize(model));
        var ok = new Mlp(2, [1]);
        var ex = Assert.Throws<ArgumentException>(() => ModelFile.Serialize(ok, new ModelMetadata { FeatureNames = ["only one"] }));
        Assert.Contains("Expected 2 feature names", ex.Message, StringComparison.Ordinal);
    }

    private InvalidDataException LoadBroken(Func<string, string> corrupt)
    {
        var path = Path.Combine(_dir, "broken.json");
        var json = ModelFile.Serialize(new Mlp(2, [1]));
        var broken = corrupt(json);
        Assert.NotEqual(json, broken);
        File.WriteAllText(path, broken);
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    private static string ReplaceParameters(string json, string replacement)
    {
        var start = json.IndexOf("\"parameters\": [", StringComparison.Ordinal) + "\"parameters\": ".Length;
        var end = json.IndexOf(']', start) + 1;
        return string.Concat(json.AsSpan(0, start), replacement, json.AsSpan(end));
    }
}
