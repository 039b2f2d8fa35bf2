using System.Text;
using System.Text.Json;
using MicroGrad.Data;

namespace MicroGrad.NN;

/// <summary>
/// Saves and loads an <see cref="Mlp"/> as versioned JSON: the architecture, the activations, the parameters in
/// <see cref="Module.Parameters"/> order (shortest round-trip text, so a load is bit-identical) and a
/// <see cref="ModelMetadata"/>. Written by hand with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>
/// (no reflection, so it trims and compiles ahead of time).
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
    /// Writes the model to <paramref name="path"/> atomically: to a temporary file in the same folder, flushed to disk,
    /// then moved over <paramref name="path"/>, so a crash leaves either the old file or the new one, never half of one.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞, or the metadata does not match the model.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(string path, Mlp model, ModelMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = SerializeToUtf8(model, metadata);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON, a field is missing or has the wrong type, the
    /// version is unknown, or the parameter count does not match the architecture; the message names the file and field.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static SavedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllBytes(path), $"'{path}'");
    }

    /// <summary>The JSON text <see cref="Save"/> writes.</summary>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞, or the metadata does not match the model.</exception>
    public static string Serialize(Mlp model, ModelMetadata? metadata = null) => Encoding.UTF8.GetString(SerializeToUtf8(model, metadata));

    /// <summary>Reads a model from JSON text (see <see cref="Load"/> for the errors).</summary>
    /// <exception cref="InvalidDataException">As for <see cref="Load"/>.</exception>
    public static SavedModel Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), "(text)");
    }

    private static byte[] SerializeToUtf8(Mlp model, ModelMetadata? metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.GetParameterValues();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!double.IsFinite(parameters[i]))
                MicroGradThrow.Argument_NotFinite(nameof(model), "parameter (a diverged model cannot be saved)", i, parameters[i]);
        }
        CheckMetadata(model, metadata);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", Version);
            w.WriteNumber("inputs", model.InputCount);
            w.WriteStartArray("layerSizes");
            foreach (var size in model.LayerSizes)
                w.WriteNumberValue(size);
            w.WriteEndArray();
            w.WriteString("hiddenActivation", model.HiddenActivation.FileName());
            w.WriteString("outputActivation", model.OutputActivation.FileName());
            // Utf8JsonWriter writes the shortest text that parses back to the same double.
            w.WriteStartArray("parameters");
            foreach (var p in parameters)
                w.WriteNumberValue(p);
            w.WriteEndArray();
            w.WriteStartObject("metadata");
            if (metadata?.FeatureNames is { } features)
                WriteStrings(w, "featureNames", features);
            if (metadata?.Target is { } target)
                w.WriteString("target", target);
            if (metadata?.Labels is { } labels)
                WriteStrings(w, "labels", labels);
            WriteScaling(w, "inputScaling", metadata?.InputScaling);
            WriteScaling(w, "targetScaling", metadata?.TargetScaling);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteScaling(Utf8JsonWriter w, string name, Scaling? scaling)
    {
        if (scaling is null)
            return;
        w.WriteStartObject(name);
        WriteNumbers(w, "offset", scaling.Offset);
        WriteNumbers(w, "scale", scaling.Scale);
        w.WriteEndObject();
    }

    private static void CheckMetadata(Mlp model, ModelMetadata? metadata)
    {
        if (metadata?.FeatureNames is { } features && features.Count != model.InputCount)
            MicroGradThrow.Argument_CountMismatch(nameof(metadata), "feature names (one per model input)", model.InputCount, features.Count);
        if (metadata?.InputScaling is { } scaling && scaling.Count != model.InputCount)
            MicroGradThrow.Argument_CountMismatch(nameof(metadata), "input scalings (one per model input)", model.InputCount, scaling.Count);
        if (metadata?.TargetScaling is { } target && target.Count != model.Outputs)
            MicroGradThrow.Argument_CountMismatch(nameof(metadata), "target scalings (one per model output)", model.Outputs, target.Count);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void WriteNumbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static SavedModel Parse(byte[] utf8, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            MicroGradThrow.InvalidData_Model(source, $"is not valid JSON ({e.Message})");
            throw; // unreachable
        }
        using (document)
        {
            var reader = new ModelFileReader(source);
            return reader.Read(document.RootElement);
        }
    }
}
