using System.Text;
using System.Text.Json;
using MicroGrad.Data;

namespace MicroGrad.NN;

/// <summary>
/// Saves and loads an <see cref="Mlp"/> as versioned JSON: the architecture, the activations, the parameters in
/// <see cref="Module.Parameters"/> order (shortest round-trip text, so a load is bit-identical) and a
/// <see cref="ModelMetadata"/>. System.Text.Json's source generator maps the file to records
/// (<see cref="ModelFileJson"/>: no reflection, so it trims and compiles ahead of time) and
/// <see cref="ModelFileReader"/> checks them, naming the field at fault.
/// </summary>
/// <example><code>
/// {"format":"micrograd-mlp","version":1,"inputs":2,"layerSizes":[16,16,1],"hiddenActivation":"relu",
///  "outputActivation":"linear","parameters":[0.23550571390294128, …],"metadata":{"featureNames":["x0","x1"], …}}
/// </code></example>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "micrograd-mlp";

    /// <summary>The version this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>
    /// Writes the model to <paramref name="path"/> with <see cref="AtomicFile"/>: to a temporary file in the same folder,
    /// flushed to disk, then moved over <paramref name="path"/> (keeping its mode), so a crash leaves either the old file
    /// or the new one, never half of one; a symlink's target is replaced and a device or FIFO written directly. To save
    /// a model together with other outputs, stage it in an <see cref="AtomicFileGroup"/> with
    /// <see cref="Serialize(Stream, Mlp, ModelMetadata?)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞, or the metadata does not match the model.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(string path, Mlp model, ModelMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = ToJson(model, metadata); // checked before any file is touched
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, file, ModelFileJsonContext.Default.ModelFileJson));
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON, a field is missing or has the wrong type, the
    /// version is unknown, or the parameter count does not match the architecture; the message names the file and field.</exception>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxFileBytes"/> (it is read once, bounded).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a directory.</exception>
    public static SavedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(InputFile.ReadAllBytes(path, "Model file", MaxFileBytes), $"'{path}'");
    }

    /// <summary>
    /// The <c>format</c> field of a model file, without reading the rest: <see cref="FormatName"/> for a network
    /// (<see cref="Load"/>), <see cref="Regression.LinearRegressionModelFile.FormatName"/> for a linear model
    /// (<see cref="Regression.LinearRegressionModelFile.Load"/>), so a caller can choose the reader.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON, not an object, or has no string
    /// <c>format</c>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a directory.</exception>
    public static string ReadFormat(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ModelFileReader(InputFile.ReadAllBytes(path, "Model file", MaxFileBytes), $"'{path}'").FormatField();
    }

    /// <summary>The largest model file read (256 MiB): far above any model this library writes (a network of a million
    /// parameters is about 20 MiB of JSON), far below what would exhaust memory.</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>
    /// A model file's text, read once and bounded by <see cref="MaxFileBytes"/>, for <see cref="FormatOf"/> and then
    /// the format's <c>Deserialize</c> (<see cref="Deserialize(string, string?)"/> or
    /// <see cref="Regression.LinearRegressionModelFile.Deserialize(string, string?)"/>): a FIFO or <c>/dev/stdin</c>
    /// cannot be read twice. A leading byte-order mark is kept; both readers skip it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a directory.</exception>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxFileBytes"/>.</exception>
    public static string ReadText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return System.Text.Encoding.UTF8.GetString(InputFile.ReadAllBytes(path, "Model file", MaxFileBytes));
    }

    /// <summary>
    /// The <c>format</c> field of a model file's JSON text (read once by the caller, as from a pipe that cannot be read
    /// twice), to choose the reader: <see cref="Deserialize(string, string?)"/> for <see cref="FormatName"/>,
    /// <see cref="Regression.LinearRegressionModelFile.Deserialize(string, string?)"/> for
    /// <see cref="Regression.LinearRegressionModelFile.FormatName"/>. A leading byte-order mark (U+FEFF) is skipped.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <param name="sourceName">How messages name the text (a file name), or null for "(text)".</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="InvalidDataException">The text is not valid JSON, not an object, or has no string
    /// <c>format</c>.</exception>
    public static string FormatOf(string json, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new ModelFileReader(Utf8(json), Source(sourceName)).FormatField();
    }

    /// <summary>The text's UTF-8 bytes without a leading byte-order mark (System.Text.Json refuses one).</summary>
    internal static byte[] Utf8(string json) =>
        Encoding.UTF8.GetBytes(json.StartsWith('\uFEFF') ? json[1..] : json);

    /// <summary>How a message names a model file's text: the caller's name, quoted and bounded, or "(text)".</summary>
    internal static string Source(string? sourceName) => sourceName is null ? "(text)" : Format.Quote(sourceName);

    /// <summary>The JSON text <see cref="Save"/> writes.</summary>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞, or the metadata does not match the model.</exception>
    public static string Serialize(Mlp model, ModelMetadata? metadata = null) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(ToJson(model, metadata), ModelFileJsonContext.Default.ModelFileJson));

    /// <summary>Writes the bytes <see cref="Save"/> writes (UTF-8 JSON) to <paramref name="destination"/>, without
    /// building the text first: for a large model staged in an <see cref="AtomicFileGroup"/>
    /// (<c>group.Write(path, s =&gt; ModelFile.Serialize(s, model, metadata))</c>). Nothing is written when the
    /// model or metadata is refused.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> or <paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞, or the metadata does not match the model.</exception>
    public static void Serialize(Stream destination, Mlp model, ModelMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        JsonSerializer.Serialize(destination, ToJson(model, metadata), ModelFileJsonContext.Default.ModelFileJson);
    }

    /// <summary>Reads a model from JSON text (see <see cref="Load"/> for the errors); a leading byte-order mark
    /// (U+FEFF) is skipped.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="sourceName">How messages name the text (a file name), or null for "(text)".</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="InvalidDataException">As for <see cref="Load"/>.</exception>
    public static SavedModel Deserialize(string json, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Utf8(json), Source(sourceName));
    }

    /// <summary>The file's records, once the parameters and metadata are checked.</summary>
    private static ModelFileJson ToJson(Mlp model, ModelMetadata? metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.GetParameterValues();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!double.IsFinite(parameters[i]))
                MicroGradThrow.Argument_NotFinite(nameof(model), "parameter (a diverged model cannot be saved)", i, parameters[i]);
        }
        CheckMetadata(model, metadata);
        return new ModelFileJson(FormatName, Version, model.InputCount, [.. model.LayerSizes],
            model.HiddenActivation.FileName(), model.OutputActivation.FileName(), parameters,
            new ModelMetadataJson(
                metadata?.FeatureNames is { } features ? [.. features] : null,
                metadata?.Target,
                metadata?.Labels is { } labels ? [.. labels] : null,
                ToJson(metadata?.InputScaling),
                ToJson(metadata?.TargetScaling)));
    }

    private static ScalingJson? ToJson(Scaling? scaling) => scaling is null ? null : new([.. scaling.Offset], [.. scaling.Scale]);

    /// <summary>Checks that the metadata's lists match the model's width and outputs (the message gives the expected
    /// and the found counts).</summary>
    internal static void CheckMetadata(Mlp model, ModelMetadata? metadata)
    {
        if (metadata?.FeatureNames is { } features && features.Count != model.InputCount)
            MicroGradThrow.Argument_CountMismatch(nameof(metadata), "feature names", model.InputCount, features.Count, "one per model input");
        if (metadata?.InputScaling is { } scaling && scaling.Count != model.InputCount)
            MicroGradThrow.Argument_CountMismatch(nameof(metadata), "input scalings", model.InputCount, scaling.Count, "one per model input");
        if (metadata?.TargetScaling is { } target && target.Count != model.OutputCount)
            MicroGradThrow.Argument_CountMismatch(nameof(metadata), "target scalings", model.OutputCount, target.Count, "one per model output");
    }

    /// <summary>Reads a model file's bytes: the serializer maps the JSON to <see cref="ModelFileJson"/>, then
    /// <see cref="ModelFileReader"/> checks it; either way an error is an <see cref="InvalidDataException"/> naming
    /// <paramref name="source"/> and the field or the position.</summary>
    internal static SavedModel Parse(byte[] utf8, string source)
    {
        var reader = new ModelFileReader(utf8, source);
        ModelFileJson? file;
        try
        {
            file = JsonSerializer.Deserialize(utf8, ModelFileJsonContext.Default.ModelFileJson);
        }
        catch (JsonException e)
        {
            return reader.Fail<SavedModel>(e);
        }
        return reader.Read(file);
    }
}
