using System.Text.Json.Serialization;

namespace MicroGrad.Regression;

/// <summary>A linear model file as it is on disk (version 1), field for field in the written order; every field is
/// nullable so that the reader, not the serializer, says what is missing. Matrices are arrays of rows, p×p with
/// p = k + 1 (intercept first) or k without an intercept.</summary>
internal sealed record LinearModelFileJson(
    string? Format,
    int? Version,
    string?[]? FeatureNames,
    string? Target,
    bool? FitIntercept,
    double? Intercept,
    double[]? Coefficients,
    string? CovarianceType,
    double[][]? Covariance,
    double[]? FeatureMeans,
    double[][]? PredictionCovariance,
    double? Scale,
    long? Observations,
    int? DfModel,
    int? DfResid,
    bool? Weighted,
    string? NoCovariance,
    LinearModelOptionsJson? Options);

/// <summary>The options the model was fitted with (informational; the summary's method name comes from them).</summary>
internal sealed record LinearModelOptionsJson(string? Solver, double? L2, double? RankTolerance, bool? Standardize);

/// <summary>The source-generated serializer of <see cref="LinearModelFileJson"/>, with the options of the network
/// model file (camelCase, indented, absent parts omitted, shortest round-trip numbers, strict numbers).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LinearModelFileJson))]
internal sealed partial class LinearModelFileJsonContext : JsonSerializerContext;
