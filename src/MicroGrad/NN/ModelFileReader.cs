using System.Globalization;
using System.Text.Json;
using MicroGrad.Data;

namespace MicroGrad.NN;

/// <summary>Reads the fields of a model file one by one so that every error names its field (<c>parameters[5]</c>).</summary>
internal sealed class ModelFileReader(string source)
{
    public SavedModel Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            Fail($"expected a JSON object at the top; found {Describe(root)}");
        var format = String(Required(root, "format"), "format");
        if (format != ModelFile.FormatName)
            Fail($"field 'format' must be \"{ModelFile.FormatName}\"; found \"{format}\"");
        var version = Integer(Required(root, "version"), "version");
        if (version != ModelFile.Version)
            Fail(Invariant($"unknown version {version}; this library reads version {ModelFile.Version}"));
        var inputs = Integer(Required(root, "inputs"), "inputs");
        if (inputs <= 0)
            Fail(Invariant($"field 'inputs' must be a positive integer; found {inputs}"));
        var sizesElement = Array(Required(root, "layerSizes"), "layerSizes");
        var sizes = new int[sizesElement.GetArrayLength()];
        if (sizes.Length == 0)
            Fail("field 'layerSizes' must list at least one layer; found an empty array");
        for (var i = 0; i < sizes.Length; i++)
        {
            var field = Invariant($"layerSizes[{i}]");
            sizes[i] = Integer(sizesElement[i], field);
            if (sizes[i] <= 0)
                Fail(Invariant($"field '{field}' must be a positive integer; found {sizes[i]}"));
        }
        var hidden = ActivationField(root, "hiddenActivation");
        var output = ActivationField(root, "outputActivation");
        // Check the shape before building anything: a corrupt file must not make us allocate a huge network.
        var parametersElement = Array(Required(root, "parameters"), "parameters");
        var expected = Mlp.ParameterCount(inputs, sizes);
        var count = parametersElement.GetArrayLength();
        if (count != expected)
            Fail(Invariant($"wrong shape: field 'parameters' holds {count} numbers but the architecture {Mlp.Describe(inputs, sizes, hidden, output)} needs {expected}"));
        var model = new Mlp(inputs, sizes, hidden, output);
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = Number(parametersElement[i], Invariant($"parameters[{i}]"));
        model.SetParameterValues(values);

        var metadata = new ModelMetadata();
        if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind != JsonValueKind.Null)
            metadata = ReadMetadata(meta, inputs, sizes[^1]);
        return new SavedModel(model, metadata);
    }

    private ModelMetadata ReadMetadata(JsonElement meta, int inputs, int outputs)
    {
        if (meta.ValueKind != JsonValueKind.Object)
            Fail($"field 'metadata' must be an object; found {Describe(meta)}");
        var features = OptionalStrings(meta, "featureNames");
        if (features is not null && features.Length != inputs)
            Fail(Invariant($"wrong shape: field 'metadata.featureNames' holds {features.Length} names but the model has {inputs} inputs"));
        string? target = null;
        if (meta.TryGetProperty("target", out var t) && t.ValueKind != JsonValueKind.Null)
            target = String(t, "metadata.target");
        var labels = OptionalStrings(meta, "labels");
        var scaling = OptionalScaling(meta, "inputScaling", inputs, "inputs");
        var targetScaling = OptionalScaling(meta, "targetScaling", outputs, "outputs");
        return new ModelMetadata { FeatureNames = features, Target = target, Labels = labels, InputScaling = scaling, TargetScaling = targetScaling };
    }

    private Scaling? OptionalScaling(JsonElement meta, string name, int count, string what)
    {
        if (!meta.TryGetProperty(name, out var s) || s.ValueKind == JsonValueKind.Null)
            return null;
        var field = "metadata." + name;
        if (s.ValueKind != JsonValueKind.Object)
            Fail($"field '{field}' must be an object; found {Describe(s)}");
        var offset = Numbers(Array(Required(s, "offset", field + ".offset"), field + ".offset"), field + ".offset");
        var scale = Numbers(Array(Required(s, "scale", field + ".scale"), field + ".scale"), field + ".scale");
        if (offset.Length != count || scale.Length != count)
            Fail(Invariant($"wrong shape: field '{field}' holds {offset.Length} offsets and {scale.Length} scales but the model has {count} {what}"));
        for (var j = 0; j < scale.Length; j++)
        {
            if (scale[j] == 0)
                Fail(Invariant($"field '{field}.scale[{j}]' must be non-zero; found 0"));
        }
        return new Scaling(offset, scale);
    }

    private JsonElement Required(JsonElement obj, string name, string? field = null)
    {
        if (!obj.TryGetProperty(name, out var value))
            Fail($"missing field '{field ?? name}'");
        return value;
    }

    private Activation ActivationField(JsonElement root, string name)
    {
        var text = String(Required(root, name), name);
        if (!ActivationExtensions.TryParse(text, out var activation))
            Fail($"field '{name}' must be one of \"linear\", \"relu\", \"tanh\", \"sigmoid\"; found \"{text}\"");
        return activation;
    }

    private string String(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.String)
            Fail($"field '{field}' must be a string; found {Describe(e)}");
        return e.GetString()!;
    }

    private int Integer(JsonElement e, string field)
    {
        var value = 0;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out value))
            Fail($"field '{field}' must be an integer; found {Describe(e)}");
        return value;
    }

    private double Number(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.Number)
            Fail($"field '{field}' must be a number; found {Describe(e)}");
        var value = e.GetDouble();
        if (!double.IsFinite(value))
            Fail($"field '{field}' must be a finite number; found {e.GetRawText()}");
        return value;
    }

    private JsonElement Array(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.Array)
            Fail($"field '{field}' must be an array; found {Describe(e)}");
        return e;
    }

    private double[] Numbers(JsonElement array, string field)
    {
        var values = new double[array.GetArrayLength()];
        for (var i = 0; i < values.Length; i++)
            values[i] = Number(array[i], Invariant($"{field}[{i}]"));
        return values;
    }

    private string[]? OptionalStrings(JsonElement meta, string name)
    {
        if (!meta.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            return null;
        var field = "metadata." + name;
        Array(e, field);
        var values = new string[e.GetArrayLength()];
        for (var i = 0; i < values.Length; i++)
            values[i] = String(e[i], Invariant($"{field}[{i}]"));
        return values;
    }

    private static string Describe(JsonElement e)
    {
        var raw = e.GetRawText();
        if (raw.Length > 40)
            raw = raw[..37] + "...";
        return $"{e.ValueKind.ToString().ToLowerInvariant()} {raw}";
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string message) => MicroGradThrow.InvalidData_Model(source, message);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
