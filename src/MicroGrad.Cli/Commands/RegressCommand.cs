using System.CommandLine;
using System.Text;
using System.Text.Json;
using MicroGrad.Cli.Plots;
using MicroGrad.Data;
using MicroGrad.Regression;

namespace MicroGrad.Cli.Commands;

/// <summary><c>micrograd regress --data FILE.csv --target COLUMN ...</c>: a linear regression with statsmodels' summary.</summary>
internal static class RegressCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data", "-d") { Description = "The CSV file (header row, numeric columns).", Required = true };
        var target = new Option<string>("--target", "-t") { Description = "The column to predict; every other column is a feature.", Required = true };
        var noIntercept = new Option<bool>("--no-intercept") { Description = "Fit without a constant term (R² is then uncentered, as statsmodels reports)." };
        var solver = new Option<string>("--solver")
        {
            Description = "qr: Householder QR (exact least squares); gd: full-batch gradient descent; sgd: mini-batch stochastic gradient descent.",
            DefaultValueFactory = _ => "qr",
        }.AcceptOnlyFromAmong("qr", "gd", "sgd");
        var lr = new Option<double>("--lr") { Description = "Learning rate of gd and sgd.", DefaultValueFactory = _ => LinearRegressionOptions.DefaultLearningRate };
        var iterations = new Option<int>("--iterations") { Description = "Iterations (gd) or epochs (sgd).", DefaultValueFactory = _ => LinearRegressionOptions.DefaultMaxIterations };
        var standardize = new Option<bool>("--standardize") { Description = "Fit gd/sgd on standardised features (coefficients are reported in original units)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per sgd step.", DefaultValueFactory = _ => LinearRegressionOptions.DefaultBatchSize };
        var seed = new Option<ulong>("--seed") { Description = "Seed of sgd's shuffling.", DefaultValueFactory = _ => LinearRegressionOptions.DefaultSeed };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "gd/sgd stop when the loss improves by less than this fraction of itself; 0 runs every iteration.",
            DefaultValueFactory = _ => LinearRegressionOptions.DefaultTolerance,
        };
        var l2 = new Option<double>("--l2") { Description = "Ridge penalty λ·‖β‖² added to the mean squared error (intercept not penalised).", DefaultValueFactory = _ => 0.0 };
        var minNorm = new Option<bool>("--min-norm") { Description = "For collinear columns, return the minimum-norm solution instead of an error (the intercept stays out of the norm, as scikit-learn does)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table." };
        var plot = new Option<string?>("--plot")
        {
            Description = "Folder for predicted_vs_actual.png and residuals.png. Needs the data in memory: refused (exit 2) for a file " +
                          "that would be fitted out of core (above 256 MiB, or with --out-of-core).",
        };
        var outOfCore = new Option<bool>("--out-of-core")
        {
            Description = "Fit from the file with bounded memory even when it is small (automatic above 256 MiB): qr streams the CSV " +
                          "twice; gd parses it once into a binary cache (see --cache-dir) and iterates over the memory-mapped cache; " +
                          "sgd always reads the file into memory.",
        };
        var cacheDir = new Option<string?>("--cache-dir")
        {
            Description = "Folder of gd's binary caches of CSV files (default: ~/.cache/micrograd, or $XDG_CACHE_HOME/micrograd). " +
                          "A cache is rebuilt when its CSV changes; deleting the folder is safe.",
        };
        var command = new Command("regress",
            "Fit a linear regression to a CSV file and print statsmodels' OLS summary (coefficients, standard errors, t, p, intervals, R², F, AIC, …).\n" +
            "Example: micrograd regress --data data/longley.csv --target TOTEMP")
        {
            data, target, noIntercept, solver, lr, iterations, standardize, batchSize, seed, tolerance, l2, minNorm, json, plot, outOfCore, cacheDir,
        };
        command.SetAction(parse =>
        {
            var options = new LinearRegressionOptions
            {
                FitIntercept = !parse.GetValue(noIntercept),
                Solver = parse.GetValue(solver) switch
                {
                    "gd" => LinearSolver.GradientDescent,
                    "sgd" => LinearSolver.StochasticGradientDescent,
                    _ => LinearSolver.Qr,
                },
                LearningRate = Positive(parse.GetValue(lr), "--lr"),
                MaxIterations = (int)Positive(parse.GetValue(iterations), "--iterations"),
                Standardize = parse.GetValue(standardize),
                BatchSize = (int)Positive(parse.GetValue(batchSize), "--batch-size"),
                Seed = parse.GetValue(seed) is var s && s != 0 ? s : throw new CliException(ExitCodes.Usage, "--seed expects a non-zero seed."),
                Tolerance = NonNegative(parse.GetValue(tolerance), "--tolerance"),
                L2 = NonNegative(parse.GetValue(l2), "--l2"),
                RankDeficiency = parse.GetValue(minNorm) ? RankDeficiency.MinimumNorm : RankDeficiency.Throw,
                CacheFolder = parse.GetValue(cacheDir),
            };
            var path = parse.GetValue(data)!;
            var regression = new LinearRegression(options);
            var threshold = parse.GetValue(outOfCore) ? -1 : LinearRegression.StreamingThresholdBytes;
            var plotFolder = parse.GetValue(plot);
            if (plotFolder is not null && regression.IsStreamed(path, threshold))
                throw new CliException(ExitCodes.Input,
                    $"--plot needs the data in memory, but '{path}' is fitted out of core (larger than 256 MiB, or --out-of-core). " +
                    "Fit without --plot, or plot a sample of the rows.");
            // Make the plot folder before the fit, so that a bad folder fails before any result is printed.
            if (plotFolder is not null)
                Directory.CreateDirectory(plotFolder);
            // In memory (CsvData.Read) below the threshold, streamed or through the binary cache above it.
            Dataset? table = null;
            LinearRegressionModel model;
            try
            {
                if (plotFolder is null)
                {
                    model = regression.FitCsv(path, parse.GetValue(target)!, null, threshold);
                }
                else
                {
                    table = CsvData.Read(path, parse.GetValue(target)!);
                    model = regression.Fit(table);
                }
            }
            catch (ArithmeticException ex)
            {
                throw new CliException(ExitCodes.Diverged, $"{ex.Message} On the command line: a smaller --lr, or --standardize.");
            }
            catch (RankDeficientException ex)
            {
                // The library's advice names its option; the tool's spelling is --min-norm.
                var message = ex.Message.Replace(" (Parameter 'x')", "", StringComparison.Ordinal)
                    .Replace("set RankDeficiency = RankDeficiency.MinimumNorm", "pass --min-norm", StringComparison.Ordinal);
                throw new CliException(ExitCodes.Input, message);
            }

            context.Out.WriteLine(parse.GetValue(json) ? ToJson(model) : model.Summary.ToString());
            if (plotFolder is { } folder && table is not null)
            {
                var fitted = model.Predict(table.Features);
                var residuals = new double[fitted.Length];
                for (var i = 0; i < fitted.Length; i++)
                    residuals[i] = table.Target[i] - fitted[i];
                var a = Path.Combine(folder, "predicted_vs_actual.png");
                var b = Path.Combine(folder, "residuals.png");
                Charts.PredictedVsActual(a, table.Target, fitted);
                Charts.ResidualsVsFitted(b, fitted, residuals);
                context.Error.WriteLine($"wrote {a}");
                context.Error.WriteLine($"wrote {b}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static double Positive(double value, string option) =>
        value > 0 && double.IsFinite(value) ? value : throw new CliException(ExitCodes.Usage, $"{option} expects a positive finite number, found {Format.Invariant(value)}.");

    private static double NonNegative(double value, string option) =>
        value >= 0 && double.IsFinite(value) ? value : throw new CliException(ExitCodes.Usage, $"{option} expects a finite number ≥ 0, found {Format.Invariant(value)}.");

    /// <summary>The documented JSON: per-parameter statistics keyed by column name (<c>const</c> for the intercept),
    /// undefined statistics as <c>null</c>.</summary>
    internal static string ToJson(LinearRegressionModel model)
    {
        var s = model.Summary;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("n", s.Observations);
            w.WriteNumber("df_model", s.DfModel);
            w.WriteNumber("df_resid", s.DfResid);
            w.WriteNumber("intercept", model.Intercept);
            PerParameter(w, "coefficients", s, s.Parameters);
            PerParameter(w, "std_errors", s, s.StandardErrors);
            PerParameter(w, "t_values", s, s.TValues);
            PerParameter(w, "p_values", s, s.PValues);
            w.WriteStartObject("conf_int");
            for (var i = 0; i < s.ParameterNames.Count; i++)
            {
                w.WriteStartArray(s.ParameterNames[i]);
                RegressionSummary.Number(w, s.ConfidenceIntervals[i].Lower);
                RegressionSummary.Number(w, s.ConfidenceIntervals[i].Upper);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            RegressionSummary.Field(w, "r_squared", s.RSquared);
            RegressionSummary.Field(w, "adj_r_squared", s.AdjustedRSquared);
            RegressionSummary.Field(w, "f_statistic", s.FStatistic);
            RegressionSummary.Field(w, "f_p_value", s.FPValue);
            RegressionSummary.Field(w, "se_regression", s.StandardErrorOfRegression);
            RegressionSummary.Field(w, "mse", s.MeanSquaredError);
            RegressionSummary.Field(w, "rmse", s.RootMeanSquaredError);
            RegressionSummary.Field(w, "mae", s.MeanAbsoluteError);
            RegressionSummary.Field(w, "log_likelihood", s.LogLikelihood);
            RegressionSummary.Field(w, "aic", s.Aic);
            RegressionSummary.Field(w, "bic", s.Bic);
            RegressionSummary.Field(w, "durbin_watson", s.DurbinWatson);
            RegressionSummary.Field(w, "condition_number", s.ConditionNumber);
            w.WriteStartObject("undefined");
            foreach (var (name, reason) in s.Undefined)
                w.WriteString(name, reason);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void PerParameter(Utf8JsonWriter w, string name, RegressionSummary s, IReadOnlyList<double> values)
    {
        w.WriteStartObject(name);
        for (var i = 0; i < s.ParameterNames.Count; i++)
            RegressionSummary.Field(w, s.ParameterNames[i], values[i]);
        w.WriteEndObject();
    }
}
