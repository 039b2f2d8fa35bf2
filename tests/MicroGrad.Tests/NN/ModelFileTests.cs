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
        Assert.Contains("needs 10,000,600,002 parameters, more than one model can hold", ex.Message, StringComparison.Ordinal);
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
        Assert.Contains("found 'gelu'", ex.Message, StringComparison.Ordinal);
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

    [Theory]
    [InlineData("model_v1_full.json")]
    [InlineData("model_v1_bare.json")]
    public void Files_written_by_the_hand_written_writer_of_0_1_0_load_and_are_written_again_byte_for_byte(string name)
    {
        // Oracle: the files were written by ModelFile.Serialize of 0.1.0 (Utf8JsonWriter by hand, before the source
        // generator): one with every metadata field, escaped text and doubles at the edges of the number writer
        // (-0, 5e-324, double.MaxValue, 1e21, 1e-7), and one without metadata. Line endings are the platform's.
        var path = TestData.PathOf(name);
        var old = File.ReadAllText(path);
        var loaded = ModelFile.Load(path);
        Assert.Equal(old.ReplaceLineEndings("\n"), ModelFile.Serialize(loaded.Model, loaded.Metadata).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_0_1_0_file_loads_bit_identical_doubles_and_every_metadata_field()
    {
        // Oracle: the values given to the 0.1.0 writer (see the test above); shortest round-trip text is exact.
        var loaded = ModelFile.Load(TestData.PathOf("model_v1_full.json"));
        double[] parameters = [0.23550571390294128, -0.0, 5e-324, 1.7976931348623157e308, 1e21, 1e-7, 0.1, -123456789012345680.0, 2.5];
        Assert.Equal(parameters.Select(BitConverter.DoubleToInt64Bits), loaded.Model.GetParameterValues().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal("2-2-1 (tanh hidden, linear output)", loaded.Model.Describe());
        Assert.Equal(["température", "a \"quoted\", <b> & c+d"], loaded.Metadata.FeatureNames!);
        Assert.Equal("y/ü", loaded.Metadata.Target);
        Assert.Equal(["-1", "1"], loaded.Metadata.Labels!);
        Assert.Equal([1.5, -3.0], loaded.Metadata.InputScaling!.Offset);
        Assert.Equal([2.0, 1e-3], loaded.Metadata.InputScaling.Scale);
        Assert.Equal([65317.0], loaded.Metadata.TargetScaling!.Offset);
        Assert.Equal([3400.448738769635], loaded.Metadata.TargetScaling.Scale);
    }

    [Fact]
    public void Every_truncation_of_a_file_is_invalid_json_naming_the_source_and_the_position()
    {
        var json = File.ReadAllBytes(TestData.PathOf("model_v1_full.json"));
        for (var length = 0; length < json.Length; length++)
        {
            var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Parse(json[..length], "'cut.json'"));
            Assert.StartsWith("Model file 'cut.json': is not valid JSON at line ", ex.Message, StringComparison.Ordinal);
            Assert.Contains(", byte ", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_corrupted_byte_anywhere_gives_a_model_or_an_invalid_data_error_never_another_exception()
    {
        // Exhaustive, not random: every single-byte change to a small file, to a digit, a quote, a bracket, a letter or invalid UTF-8.
        var json = File.ReadAllBytes(TestData.PathOf("model_v1_bare.json"));
        byte[] replacements = [(byte)'0', (byte)'9', (byte)'-', (byte)'"', (byte)'[', (byte)']', (byte)'{', (byte)'}', (byte)'n', (byte)'e', (byte)',', 0xFF, 0xC3];
        var failures = 0;
        for (var i = 0; i < json.Length; i++)
        {
            foreach (var b in replacements)
            {
                var bytes = (byte[])json.Clone();
                bytes[i] = b;
                try
                {
                    ModelFile.Parse(bytes, "'m.json'");
                }
                catch (InvalidDataException ex)
                {
                    Assert.StartsWith("Model file 'm.json': ", ex.Message, StringComparison.Ordinal);
                    failures++;
                }
            }
        }
        Assert.True(failures > json.Length, $"{failures} of {json.Length * replacements.Length} changes were rejected");
    }

    [Theory]
    [InlineData("\"inputs\": 3,", "\"inputs\": 3.5,", "field 'inputs' must be an integer; found number 3.5")]
    [InlineData("\"inputs\": 3,", "\"inputs\": 1e10,", "field 'inputs' must be an integer; found number 1e10")]
    [InlineData("\"inputs\": 3,", "\"inputs\": \"3\",", "field 'inputs' must be an integer; found string \"3\"")]
    [InlineData("\"inputs\": 3,", "\"inputs\": null,", "field 'inputs' must be an integer; found null null")]
    [InlineData("\"inputs\": 3,", "\"inputs\": 0,", "field 'inputs' must be a positive integer; found 0")]
    [InlineData("\"format\": \"micrograd-mlp\"", "\"format\": 1", "field 'format' must be a string; found number 1")]
    [InlineData("\"format\": \"micrograd-mlp\"", "\"format\": \"mlp\"", "field 'format' must be \"micrograd-mlp\"; found 'mlp'")]
    [InlineData("\"layerSizes\": [\n    1\n  ]", "\"layerSizes\": 1", "field 'layerSizes' must be an array; found number 1")]
    [InlineData("\"layerSizes\": [\n    1\n  ]", "\"layerSizes\": [1, true]", "field 'layerSizes[1]' must be an integer; found true true")]
    [InlineData("\"layerSizes\": [\n    1\n  ]", "\"layerSizes\": []", "field 'layerSizes' must list at least one layer; found an empty array")]
    [InlineData("\"layerSizes\": [\n    1\n  ]", "\"layerSizes\": [-1]", "field 'layerSizes[0]' must be a positive integer; found -1")]
    [InlineData("\"parameters\": [", "\"parameters\": [1e400, ", "field 'parameters[0]' must be a finite number; found 1e400")]
    [InlineData("\"parameters\": [", "\"parameters\": [null, ", "field 'parameters[0]' must be a number; found null null")]
    [InlineData("\"parameters\": [", "\"parameters\": [NaN, ", "is not valid JSON")]
    [InlineData("\"metadata\": {}", "\"metadata\": []", "field 'metadata' must be an object; found array []")]
    [InlineData("\"metadata\": {}", "\"metadata\": {\"labels\": [\"a\", null]}", "field 'metadata.labels[1]' must be a string; found null null")]
    [InlineData("\"metadata\": {}", "\"metadata\": {\"featureNames\": [\"a\"]}", "wrong shape: field 'metadata.featureNames' holds 1 names but the model has 3 inputs")]
    [InlineData("\"metadata\": {}", "\"metadata\": {\"inputScaling\": {\"scale\": [1, 1, 1]}}", "missing field 'metadata.inputScaling.offset'")]
    [InlineData("\"metadata\": {}", "\"metadata\": {\"targetScaling\": {\"offset\": [0], \"scale\": [\"x\"]}}", "field 'metadata.targetScaling.scale[0]' must be a number; found string \"x\"")]
    [InlineData("\"metadata\": {}", "\"metadata\": {\"targetScaling\": {\"offset\": [0], \"scale\": [0]}}", "field 'metadata.targetScaling.scale[0]' must be non-zero; found 0")]
    [InlineData("\"metadata\": {}", "\"metadata\": {\"targetScaling\": {\"offset\": [0, 1], \"scale\": [1]}}", "wrong shape: field 'metadata.targetScaling' holds 2 offsets and 1 scales but the model has 1 outputs")]
    public void A_field_of_the_wrong_type_or_value_is_named_with_what_was_found(string field, string replacement, string message)
    {
        var json = File.ReadAllText(TestData.PathOf("model_v1_bare.json")).ReplaceLineEndings("\n");
        var broken = json.Replace(field, replacement, StringComparison.Ordinal);
        Assert.NotEqual(json, broken);
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(broken));
        Assert.StartsWith("Model file (text): ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_of_invalid_utf8_is_named_not_a_crash()
    {
        var bytes = File.ReadAllBytes(TestData.PathOf("model_v1_bare.json"));
        bytes[Array.IndexOf(bytes, (byte)'g')] = 0xFF; // "micro\xFFrad-mlp"
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Parse(bytes, "'m.json'"));
        Assert.Equal("Model file 'm.json': field 'format' must be a string of valid UTF-8; found string \"micro\ufffdrad-mlp\"", ex.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "expected a JSON object at the top; found array [1, 2]")]
    [InlineData("null", "expected a JSON object at the top; found null null")]
    [InlineData("{}", "missing field 'format'")]
    [InlineData("", "is not valid JSON")]
    public void A_file_that_is_not_a_model_object_says_what_it_is(string json, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(json));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
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
