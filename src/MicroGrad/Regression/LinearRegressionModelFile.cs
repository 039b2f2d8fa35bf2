using System.Text;
using System.Text.Json;
using MicroGrad.NN;
using static System.FormattableString;

namespace MicroGrad.Regression;

/// <summary>
/// Saves and loads a <see cref="LinearRegressionModel"/> as versioned JSON, so that an analyst can keep a fit and
/// predict with it later (<c>micrograd regress --save</c>, <c>micrograd predict --model</c>): the feature names,
/// intercept and coefficients, the covariance of the parameters (statsmodels' <c>cov_params()</c>, p×p, intercept
/// first), and what <see cref="LinearRegressionModel.PredictIntervals"/> needs (the feature means, the covariance of
/// (ŷ(x̄), β), scale, df), all as shortest round-trip numbers: a loaded model predicts and gives the same intervals as
/// the saved one, bit for bit. Written atomically with <see cref="AtomicFile"/>, read with the checks of the network
/// model file (<see cref="ModelFile"/>): every error names its field.
/// </summary>
/// <remarks>
/// A loaded model's <see cref="LinearRegressionModel.Summary"/> holds what the file keeps (parameters, standard
/// errors √Vⱼⱼ, t or z, p, intervals, n, df, scale); the statistics of the residuals (R², F, likelihood, Durbin–Watson,
/// …) are NaN and named in <see cref="RegressionSummary.Undefined"/>. A model without a covariance (ridge,
/// minimum-norm, an undefined robust covariance, or df_resid = 0, whose NaN covariance JSON cannot hold) saves
/// <c>covariance: null</c> with the reason in <c>noCovariance</c>; its intervals throw after loading.
/// </remarks>
/// <example><code>
/// {"format":"micrograd-linear-regression","version":1,"featureNames":["GNPDEFL", …],"target":"TOTEMP",
///  "fitIntercept":true,"intercept":-3482258.6345…,"coefficients":[15.06…, …],"covarianceType":"nonrobust",
///  "covariance":[[…], …],"featureMeans":[…],"predictionCovariance":[[…], …],"scale":92936.0…,"observations":16,
///  "dfModel":6,"dfResid":9,"weighted":false,"options":{"solver":"qr","l2":0,"rankTolerance":1e-10,"standardize":false}}
/// </code></example>
public static class LinearRegressionModelFile
{
    /// <summary>The value of the <c>format</c> field (see <see cref="ModelFile.ReadFormat"/>).</summary>
    public const string FormatName = "micrograd-linear-regression";

    /// <summary>The version this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Writes the model to <paramref name="path"/> atomically (see <see cref="ModelFile.Save"/>: a temporary
    /// file in the same folder, flushed, then moved over the path; a device or FIFO is written directly).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(string path, LinearRegressionModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = ToJson(model);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, file, LinearModelFileJsonContext.Default.LinearModelFileJson));
    }

    /// <summary>Writes the bytes <see cref="Save"/> writes (UTF-8 JSON) to <paramref name="destination"/>: to stage the
    /// model in an <see cref="AtomicFileGroup"/> with other outputs.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> or <paramref name="model"/> is null.</exception>
    public static void Serialize(Stream destination, LinearRegressionModel model)
    {
        ArgumentNullException.ThrowIfNull(destination);
        JsonSerializer.Serialize(destination, ToJson(model), LinearModelFileJsonContext.Default.LinearModelFileJson);
    }

    /// <summary>The JSON text <see cref="Save"/> writes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static string Serialize(LinearRegressionModel model) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(ToJson(model), LinearModelFileJsonContext.Default.LinearModelFileJson));

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON, is another format (a network's, see
    /// <see cref="ModelFile.ReadFormat"/>) or a newer version, a field is missing, of the wrong type, not finite, or of
    /// the wrong shape, a matrix is not symmetric, or the degrees of freedom do not add up; the message names the file
    /// and the field.</exception>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="ModelFile.MaxFileBytes"/> (it is read once, bounded).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a directory.</exception>
    public static LinearRegressionModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(InputFile.ReadAllBytes(path, "Model file", ModelFile.MaxFileBytes), $"'{path}'");
    }

    /// <summary>Reads a model from JSON text (see <see cref="Load"/> for the errors); a leading byte-order mark
    /// (U+FEFF) is skipped. <see cref="ModelFile.FormatOf"/> tells this format from a network's.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="sourceName">How messages name the text (a file name), or null for "(text)".</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="InvalidDataException">As for <see cref="Load"/>.</exception>
    public static LinearRegressionModel Deserialize(string json, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(ModelFile.Utf8(json), ModelFile.Source(sourceName));
    }

    private static LinearModelFileJson ToJson(LinearRegressionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var s = model.Summary;
        var inference = model.Inference;
        var o = model.FitOptions ?? new LinearRegressionOptions();
        var k = model.Coefficients.Count;
        var p = k + (s.HasIntercept ? 1 : 0);
        var usable = inference is not null && Array.TrueForAll(inference.Covariance, double.IsFinite)
            && Array.TrueForAll(inference.PredictionCovariance, double.IsFinite) && double.IsFinite(inference.Scale);
        return new LinearModelFileJson(
            FormatName, Version, [.. model.FeatureNames], s.TargetName, s.HasIntercept, model.Intercept, [.. model.Coefficients],
            RegressionSummary.CovarianceTypeName(s.CovarianceType),
            usable ? Rows(inference!.Covariance, p) : null,
            usable ? [.. inference!.FeatureMeans] : null,
            usable ? Rows(inference!.PredictionCovariance, p) : null,
            double.IsFinite(s.Scale) ? s.Scale : null,
            s.Observations, s.DfModel, s.DfResid, inference?.Weighted ?? model.Weighted,
            usable ? null : model.NoInferenceReason ?? "df_resid = 0: no residual variance",
            new LinearModelOptionsJson(SolverName(o.Solver), o.L2, o.RankTolerance, o.Standardize));
    }

    private static double[][] Rows(double[] matrix, int p)
    {
        var rows = new double[p][];
        for (var i = 0; i < p; i++)
            rows[i] = matrix.AsSpan(i * p, p).ToArray();
        return rows;
    }

    private static string SolverName(LinearSolver solver) => solver switch
    {
        LinearSolver.GradientDescent => "gd",
        LinearSolver.StochasticGradientDescent => "sgd",
        _ => "qr",
    };

    private static LinearModelFileJson Deserialize(ModelFileReader reader, byte[] utf8)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, LinearModelFileJsonContext.Default.LinearModelFileJson) ?? reader.FailAt<LinearModelFileJson>("");
        }
        catch (JsonException e)
        {
            return reader.Fail<LinearModelFileJson>(e);
        }
    }

    internal static LinearRegressionModel Parse(byte[] utf8, string source)
    {
        var reader = new ModelFileReader(utf8, source, LinearModelFileJsonContext.Default.LinearModelFileJson);
        var file = Deserialize(reader, utf8);
        var format = reader.Required(file.Format, "format");
        if (format != FormatName)
        {
            reader.Fail(format == ModelFile.FormatName
                ? $"field 'format' must be \"{FormatName}\"; found \"{ModelFile.FormatName}\", a network: read it with ModelFile.Load"
                : $"field 'format' must be \"{FormatName}\"; found {Format.Quote(format)}");
        }
        var version = reader.Required(file.Version, "version");
        if (version != Version)
        {
            reader.Fail(version > Version
                ? Invariant($"version {version} was written by a newer MicroGrad; this library reads version {Version}")
                : Invariant($"unknown version {version}; this library reads version {Version}"));
        }
        var names = reader.Distinct(reader.Strings(reader.Required(file.FeatureNames, "featureNames"), "featureNames"), "featureNames")!;
        var k = names.Length;
        if (k == 0)
            reader.Fail("field 'featureNames' must name at least one feature; found an empty array");
        var target = file.Target ?? "y";
        var fitIntercept = reader.Required(file.FitIntercept, "fitIntercept");
        var intercept = reader.Required(file.Intercept, "intercept");
        if (!double.IsFinite(intercept))
            reader.FailAt("intercept");
        if (!fitIntercept && intercept != 0)
            reader.Fail(Invariant($"field 'intercept' must be 0 when 'fitIntercept' is false; found {Format.Python(intercept)}"));
        var coefficients = reader.Finite(reader.Required(file.Coefficients, "coefficients"), "coefficients");
        if (coefficients.Length != k)
            reader.Fail(Invariant($"wrong shape: field 'coefficients' holds {coefficients.Length} numbers but 'featureNames' names {k} features"));
        var typeName = reader.Required(file.CovarianceType, "covarianceType");
        CovarianceType type = default;
        if (!TryParseCovariance(typeName, out type))
            reader.Fail($"field 'covarianceType' must be one of \"nonrobust\", \"HC0\", \"HC1\", \"HC2\", \"HC3\"; found {Format.Quote(typeName)}");
        var c = fitIntercept ? 1 : 0;
        var n = reader.Required(file.Observations, "observations");
        if (n < 1 || n > int.MaxValue)
            reader.Fail(Invariant($"field 'observations' must be a positive integer below 2^31; found {n}"));
        var dfModel = reader.Required(file.DfModel, "dfModel");
        if (dfModel < 0 || dfModel > k)
            reader.Fail(Invariant($"field 'dfModel' must be between 0 and the {k} features; found {dfModel}"));
        var dfResid = reader.Required(file.DfResid, "dfResid");
        if (dfResid < 0 || dfResid != n - dfModel - c)
            reader.Fail(Invariant($"field 'dfResid' must be observations − dfModel − {c} = {n - dfModel - c} (≥ 0); found {dfResid}"));
        var weighted = reader.Required(file.Weighted, "weighted");
        var scale = file.Scale;
        if (scale is { } sc && !(double.IsFinite(sc) && sc >= 0))
            reader.Fail(Invariant($"field 'scale' must be a finite number ≥ 0; found {Format.Python(sc)}"));
        var options = ReadOptions(reader, reader.Required(file.Options, "options"));

        var p = k + c;
        LinearInference? inference = null;
        // The file's own words reach messages and the summary's notes: bounded and escaped as any echoed input is.
        string? noInference = file.NoCovariance is { } reason && Format.Quote(reason) is var quoted && quoted != $"'{reason}'" ? quoted : file.NoCovariance;
        if (file.Covariance is not null || file.PredictionCovariance is not null || file.FeatureMeans is not null)
        {
            var covariance = Matrix(reader, reader.Required(file.Covariance, "covariance"), "covariance", p);
            var prediction = Matrix(reader, reader.Required(file.PredictionCovariance, "predictionCovariance"), "predictionCovariance", p);
            var means = reader.Finite(reader.Required(file.FeatureMeans, "featureMeans"), "featureMeans");
            if (means.Length != k)
                reader.Fail(Invariant($"wrong shape: field 'featureMeans' holds {means.Length} numbers but the model has {k} features"));
            if (!fitIntercept && Array.Exists(means, m => m != 0))
                reader.Fail("field 'featureMeans' must be all zeros without an intercept (the intervals are not centred then)");
            var s = reader.Required(file.Scale, "scale");
            inference = new LinearInference(type, means, prediction, covariance, s, dfResid, n, dfModel, weighted);
            noInference = null;
        }
        noInference ??= inference is null ? "the model file keeps no covariance" : null;
        var summary = RegressionSummary.FromModelFile(fitIntercept, intercept, coefficients, names, target,
            LinearRegression.MethodName(options), (int)n, dfModel, dfResid, scale ?? double.NaN, type, inference?.Covariance, noInference, weighted);
        return new LinearRegressionModel(intercept, coefficients, names, [], summary, inference, noInference)
        {
            FitOptions = options, Weighted = weighted,
        };
    }

    private static bool TryParseCovariance(string text, out CovarianceType type)
    {
        foreach (var candidate in Enum.GetValues<CovarianceType>())
        {
            if (RegressionSummary.CovarianceTypeName(candidate) == text)
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }

    private static LinearRegressionOptions ReadOptions(ModelFileReader reader, LinearModelOptionsJson o)
    {
        var solver = reader.Required(o.Solver, "options.solver") switch
        {
            "qr" => LinearSolver.Qr,
            "gd" => LinearSolver.GradientDescent,
            "sgd" => LinearSolver.StochasticGradientDescent,
            var other => Refuse(reader, $"field 'options.solver' must be one of \"qr\", \"gd\", \"sgd\"; found {Format.Quote(other)}"),
        };
        var l2 = reader.Required(o.L2, "options.l2");
        if (!(double.IsFinite(l2) && l2 >= 0))
            reader.Fail(Invariant($"field 'options.l2' must be a finite number ≥ 0; found {Format.Python(l2)}"));
        var tolerance = reader.Required(o.RankTolerance, "options.rankTolerance");
        if (!(double.IsFinite(tolerance) && tolerance >= 0))
            reader.Fail(Invariant($"field 'options.rankTolerance' must be a finite number ≥ 0; found {Format.Python(tolerance)}"));
        return new LinearRegressionOptions
        {
            Solver = solver, L2 = l2, RankTolerance = tolerance, Standardize = reader.Required(o.Standardize, "options.standardize"),
        };
    }

    private static LinearSolver Refuse(ModelFileReader reader, string message)
    {
        reader.Fail(message);
        return default;
    }

    /// <summary>A p×p symmetric matrix of finite numbers with a non-negative diagonal, row-major; the shape is checked before anything is copied.</summary>
    private static double[] Matrix(ModelFileReader reader, double[]?[] rows, string field, int p)
    {
        if (rows.Length != p)
            reader.Fail(Invariant($"wrong shape: field '{field}' holds {rows.Length} rows but the model has {p} parameters"));
        for (var i = 0; i < p; i++)
        {
            var row = reader.Required(rows[i], Invariant($"{field}[{i}]"));
            if (row.Length != p)
                reader.Fail(Invariant($"wrong shape: field '{field}[{i}]' holds {row.Length} numbers but the model has {p} parameters"));
            reader.Finite(row, Invariant($"{field}[{i}]"));
        }
        var m = new double[p * p];
        for (var i = 0; i < p; i++)
            rows[i]!.CopyTo(m, i * p);
        for (var i = 0; i < p; i++)
        {
            // A variance is never negative; one would give NaN standard errors and intervals with no error.
            if (m[i * p + i] < 0)
                reader.Fail(Invariant($"field '{field}' is a covariance, whose diagonal holds variances (>= 0); found {field}[{i}][{i}] = {Format.Python(m[i * p + i])}"));
            for (var j = 0; j < i; j++)
            {
                if (m[i * p + j] != m[j * p + i])
                    reader.Fail(Invariant($"field '{field}' must be symmetric; found {field}[{i}][{j}] = {Format.Python(m[i * p + j])} but {field}[{j}][{i}] = {Format.Python(m[j * p + i])}"));
            }
        }
        return m;
    }
}
