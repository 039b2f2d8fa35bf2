using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MicroGrad.Data;
using static System.FormattableString;

namespace MicroGrad.NN;

/// <summary>
/// The validation pass over a deserialized <see cref="ModelFileJson"/>: checks every field's value and the shapes
/// before building anything, so every error names its field (<c>parameters[5]</c>) and a corrupt file cannot make us
/// allocate a huge network. Only on an error does it look at the JSON itself (<see cref="JsonDocument"/>), to say what
/// was found where a field is missing, null or of the wrong type.
/// </summary>
/// <remarks>Its field-naming helpers serve every model file format: <paramref name="root"/> is the record type of the
/// file's top level (<see cref="ModelFileJson"/> by default), whose serializer metadata says what each field holds.</remarks>
internal sealed class ModelFileReader(byte[] utf8, string source, JsonTypeInfo? root = null)
{
    private readonly JsonTypeInfo _root = root ?? ModelFileJsonContext.Default.ModelFileJson;

    public SavedModel Read(ModelFileJson? file)
    {
        if (file is null)
            FailAt("");
        var format = Required(file.Format, "format");
        if (format != ModelFile.FormatName)
            Fail($"field 'format' must be \"{ModelFile.FormatName}\"; found {Format.Quote(format)}");
        var version = Required(file.Version, "version");
        if (version != ModelFile.Version)
            Fail(Invariant($"unknown version {version}; this library reads version {ModelFile.Version}"));
        var inputs = Required(file.Inputs, "inputs");
        if (inputs <= 0)
            Fail(Invariant($"field 'inputs' must be a positive integer; found {inputs}"));
        var sizes = Required(file.LayerSizes, "layerSizes");
        if (sizes.Length == 0)
            Fail("field 'layerSizes' must list at least one layer; found an empty array");
        for (var i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] <= 0)
                Fail(Invariant($"field 'layerSizes[{i}]' must be a positive integer; found {sizes[i]}"));
        }
        var hidden = ActivationField(file.HiddenActivation, "hiddenActivation");
        var output = ActivationField(file.OutputActivation, "outputActivation");
        // Check the shape before building anything: a corrupt file must not make us allocate a huge network.
        if (Mlp.SizeProblem(inputs, sizes) is { } tooLarge)
            Fail($"field 'layerSizes' must describe a network that fits in memory; {tooLarge}");
        var parameters = Finite(Required(file.Parameters, "parameters"), "parameters");
        var expected = Mlp.ParameterCount(inputs, sizes);
        if (parameters.Length != expected)
            Fail(Invariant($"wrong shape: field 'parameters' holds {parameters.Length} numbers but the architecture {Mlp.Describe(inputs, sizes, hidden, output)} needs {expected}"));
        var model = new Mlp(inputs, sizes, hidden, output);
        model.SetParameterValues(parameters);
        var metadata = file.Metadata is { } meta ? ReadMetadata(meta, inputs, sizes[^1]) : new ModelMetadata();
        return new SavedModel(model, metadata);
    }

    private ModelMetadata ReadMetadata(ModelMetadataJson meta, int inputs, int outputs)
    {
        var features = Distinct(Strings(meta.FeatureNames, "metadata.featureNames"), "metadata.featureNames");
        if (features is not null && features.Length != inputs)
            Fail(Invariant($"wrong shape: field 'metadata.featureNames' holds {features.Length} names but the model has {inputs} inputs"));
        return new ModelMetadata
        {
            FeatureNames = features,
            Target = meta.Target,
            Labels = Strings(meta.Labels, "metadata.labels"),
            InputScaling = ScalingField(meta.InputScaling, "metadata.inputScaling", inputs, "inputs"),
            TargetScaling = ScalingField(meta.TargetScaling, "metadata.targetScaling", outputs, "outputs"),
        };
    }

    private Scaling? ScalingField(ScalingJson? scaling, string field, int count, string what)
    {
        if (scaling is null)
            return null;
        var offset = Finite(Required(scaling.Offset, field + ".offset"), field + ".offset");
        var scale = Finite(Required(scaling.Scale, field + ".scale"), field + ".scale");
        if (offset.Length != count || scale.Length != count)
            Fail(Invariant($"wrong shape: field '{field}' holds {offset.Length} offsets and {scale.Length} scales but the model has {count} {what}"));
        for (var j = 0; j < scale.Length; j++)
        {
            if (scale[j] == 0)
                Fail(Invariant($"field '{field}.scale[{j}]' must be non-zero; found 0"));
        }
        return new Scaling(offset, scale);
    }

    private Activation ActivationField(string? text, string field)
    {
        if (!ActivationExtensions.TryParse(Required(text, field), out var activation))
            Fail($"field '{field}' must be one of \"linear\", \"relu\", \"tanh\", \"sigmoid\"; found {Format.Quote(text)}");
        return activation;
    }

    public T Required<T>(T? value, string field) where T : class => value ?? FailAt<T>(field);

    public T Required<T>(T? value, string field) where T : struct => value ?? FailAt<T>(field);

    public double[] Finite(double[] values, string field)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                FailAt(Invariant($"{field}[{i}]"));
        }
        return values;
    }

    public string[]? Strings(string?[]? values, string field)
    {
        if (values is null)
            return null;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
                FailAt(Invariant($"{field}[{i}]"));
        }
        return values!;
    }

    /// <summary>Refuses a name given twice (a column is found by its name, so two features would read one column),
    /// naming both places.</summary>
    public string[]? Distinct(string[]? names, string field)
    {
        if (names is null)
            return null;
        var first = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (!first.TryAdd(names[i], i))
                Fail(Invariant($"field '{field}' must name each feature once; found {Format.Quote(names[i])} at {field}[{first[names[i]]}] and {field}[{i}]"));
        }
        return names;
    }

    /// <summary>Turns the serializer's error into ours: invalid JSON as such, a value of the wrong type as the field
    /// that holds it (the exception's path, <c>$.parameters[0]</c>).</summary>
    [DoesNotReturn]
    public T Fail<T>(JsonException e)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
        }
        catch (JsonException syntax)
        {
            Fail(SyntaxError(syntax));
        }
        if (e.Path is null || !e.Path.StartsWith('$'))
            Fail($"cannot be read ({e.Message})");
        return FailAt<T>(e.Path.TrimStart('$').TrimStart('.'));
    }

    /// <summary>Where the JSON breaks, with the text around it. Not the serializer's message: that quotes the bad token
    /// whole, which in a damaged file can be kilobytes of it, newlines and all.</summary>
    private string SyntaxError(JsonException e)
    {
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } column)
            return "is not valid JSON";
        var start = 0;
        for (var l = 0L; l < line && start < utf8.Length; l++)
        {
            var next = Array.IndexOf(utf8, (byte)'\n', start);
            start = next < 0 ? utf8.Length : next + 1;
        }
        var end = Array.IndexOf(utf8, (byte)'\n', start);
        var length = (end < 0 ? utf8.Length : end) - start;
        var text = Encoding.UTF8.GetString(utf8, start, length);
        var at = Encoding.UTF8.GetCharCount(utf8, start, (int)Math.Min(column, length));
        return Invariant($"is not valid JSON at line {line + 1}, byte {column + 1} of the line: '{Format.Excerpt(text, at, out _)}'");
    }

    [DoesNotReturn]
    public void FailAt(string field) => FailAt<object>(field);

    /// <summary>Says what <paramref name="field"/> (a path such as <c>metadata.labels[1]</c>, or empty for the
    /// whole file) should hold and what the file has there instead.</summary>
    [DoesNotReturn]
    public T FailAt<T>(string field)
    {
        string message;
        using (var document = JsonDocument.Parse(utf8))
        {
            var expected = ModelFileJsonShape.Expected(_root, field);
            message = ModelFileJsonShape.Find(document.RootElement, field) is not { } found
                ? $"missing field '{field}'"
                : field.Length == 0
                ? $"expected a JSON object at the top; found {Describe(found)}"
                : expected == "a number" && found.ValueKind == JsonValueKind.Number
                ? $"field '{field}' must be a finite number; found {Format.Excerpt(Raw(found), 0, out _)}"
                : expected == "a string" && found.ValueKind == JsonValueKind.String
                ? $"field '{field}' must be a string of valid UTF-8; found {Describe(found)}"
                : $"field '{field}' must be {expected}; found {Describe(found)}";
        }
        Fail(message);
        return default!;
    }

    /// <summary>The element's kind and text, bounded and on one line (<see cref="Format.Excerpt"/>: a found array or
    /// object may span kilobytes and lines).</summary>
    private static string Describe(JsonElement e) => $"{e.ValueKind.ToString().ToLowerInvariant()} {Format.Excerpt(Raw(e), 0, out _)}";

    /// <summary>The element's text as in the file, invalid UTF-8 shown as U+FFFD (where <see cref="JsonElement.GetRawText"/>
    /// would throw).</summary>
    private static string Raw(JsonElement e) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(e));

    [DoesNotReturn]
    public void Fail(string message) => MicroGradThrow.InvalidData_Model(source, message);

    /// <summary>The <c>format</c> field of any model file, read before its records are chosen.</summary>
    public string FormatField()
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                FailAt("");
            if (!document.RootElement.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
                FailAt("format");
            return format.GetString()!;
        }
        catch (JsonException e)
        {
            return Fail<string>(e);
        }
    }

}
