using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MicroGrad.Data;

namespace MicroGrad.NN;

/// <summary>A model file as it is on disk (version 1), field for field and in the written order; every field is
/// nullable so that <see cref="ModelFileReader"/>, not the serializer, says what is missing.</summary>
internal sealed record ModelFileJson(
    string? Format,
    int? Version,
    int? Inputs,
    int[]? LayerSizes,
    string? HiddenActivation,
    string? OutputActivation,
    double[]? Parameters,
    ModelMetadataJson? Metadata);

/// <summary>The <c>metadata</c> object of a model file (see <see cref="ModelMetadata"/>).</summary>
internal sealed record ModelMetadataJson(
    string?[]? FeatureNames,
    string? Target,
    string?[]? Labels,
    ScalingJson? InputScaling,
    ScalingJson? TargetScaling);

/// <summary>A <see cref="Scaling"/> in a model file.</summary>
internal sealed record ScalingJson(double[]? Offset, double[]? Scale);

/// <summary>
/// The source-generated (reflection-free, so trimmable and ahead-of-time compilable) serializer of
/// <see cref="ModelFileJson"/>. Its options reproduce the hand-written writer of 0.1.0 byte for byte: camelCase names,
/// two-space indentation, absent parts omitted, the shortest text that parses back to the same double, and strict
/// numbers (no <c>NaN</c>, no quoted numbers).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelFileJson))]
internal sealed partial class ModelFileJsonContext : JsonSerializerContext;

/// <summary>Where a field is in a model file, for error messages: a field is a path from the top such as
/// <c>metadata.inputScaling.offset[3]</c> (the serializer's <c>$.</c> path without the <c>$.</c>); empty is the top.</summary>
internal static partial class ModelFileJsonShape
{
    /// <summary>What the field holds in a valid file, from the records themselves: "a string", "an integer",
    /// "a number", "an array" or "an object".</summary>
    public static string Expected(string field) => Expected(ModelFileJsonContext.Default.ModelFileJson, field);

    /// <summary>As <see cref="Expected(string)"/> for a file whose top level is <paramref name="root"/>'s record.</summary>
    public static string Expected(JsonTypeInfo root, string field)
    {
        var type = root.Type;
        foreach (var (name, index) in Segments(field))
        {
            if (index >= 0)
            {
                type = type.GetElementType() ?? type;
                continue;
            }
            foreach (var property in root.Options.TryGetTypeInfo(type, out var info) ? info.Properties : [])
            {
                if (property.Name == name)
                {
                    type = property.PropertyType;
                    break;
                }
            }
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "a string"
            : type == typeof(int) ? "an integer"
            : type == typeof(long) ? "an integer"
            : type == typeof(bool) ? "true or false"
            : type == typeof(double) ? "a number"
            : type.IsArray ? "an array"
            : "an object";
    }

    /// <summary>The JSON at <paramref name="field"/>, or null when it is not there.</summary>
    public static JsonElement? Find(JsonElement root, string field)
    {
        var e = root;
        foreach (var (name, index) in Segments(field))
        {
            if (index >= 0)
            {
                if (e.ValueKind != JsonValueKind.Array || index >= e.GetArrayLength())
                    return null;
                e = e[index];
            }
            else if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }
        return e;
    }

    /// <summary><c>a.b[2]</c> as (a, −1), (b, −1), ("", 2).</summary>
    private static IEnumerable<(string Name, int Index)> Segments(string field)
    {
        foreach (Match m in SegmentPattern().Matches(field))
            yield return m.Groups[2].Success ? ("", int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture)) : (m.Groups[1].Value, -1);
    }

    [GeneratedRegex(@"(\w+)|\[(\d+)\]")]
    private static partial Regex SegmentPattern();
}
