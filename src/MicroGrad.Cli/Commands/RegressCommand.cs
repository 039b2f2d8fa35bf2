using System.CommandLine;
using System.Globalization;
using MicroGrad.Cli.Plots;
using MicroGrad.Data;
using MicroGrad.Regression;

namespace MicroGrad.Cli.Commands;

/// <summary><c>micrograd regress --data FILE.csv --target COLUMN ...</c>: a linear regression with statsmodels' summary.</summary>
internal static class RegressCommand
{
    private const long ThresholdMiB = LinearRegression.StreamingThresholdBytes >> 20;

    public static Command Create(CliContext context)
    {
        var data = CommonOptions.Data();
        var target = CommonOptions.Target();
        var noIntercept = new Option<bool>("--no-intercept") { Description = "Fit without a constant term (R² is then uncentered, as statsmodels reports)." };
        var solver = CommonOptions.Choice("--solver", ["qr", "gd", "sgd"],
            "qr: Householder QR (exact least squares); gd: full-batch gradient descent; sgd: mini-batch stochastic gradient descent.", "qr");
        var lr = CommonOptions.Number("--lr", "Learning rate of gd and sgd.", LinearRegressionOptions.DefaultLearningRate,
            "a positive finite number", CommonOptions.PositiveNumber);
        var iterations = CommonOptions.Number("--iterations", "Iterations (gd) or epochs (sgd).", LinearRegressionOptions.DefaultMaxIterations,
            "a positive integer", CommonOptions.PositiveInteger);
        var standardize = new Option<bool>("--standardize") { Description = "Fit gd/sgd on standardised features (coefficients are reported in original units)." };
        var batchSize = CommonOptions.Number("--batch-size", "Rows per sgd step.", LinearRegressionOptions.DefaultBatchSize,
            "a positive integer", CommonOptions.PositiveInteger);
        var seed = CommonOptions.Seed("Seed of sgd's shuffling.", LinearRegressionOptions.DefaultSeed);
        var tolerance = CommonOptions.Number("--tolerance",
            "gd/sgd stop when the loss improves by less than this fraction of itself; 0 runs every iteration.",
            LinearRegressionOptions.DefaultTolerance, "a finite number ≥ 0", CommonOptions.NonNegativeNumber);
        var l2 = CommonOptions.Number("--l2", "Ridge penalty λ·‖β‖² added to the mean squared error (intercept not penalised).", 0.0,
            "a finite number ≥ 0", CommonOptions.NonNegativeNumber);
        var minNorm = new Option<bool>("--min-norm") { Description = "For collinear columns, return the minimum-norm solution instead of an error (the intercept stays out of the norm, as scikit-learn does)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table." };
        var plot = new Option<string?>("--plot")
        {
            Description = "Folder for predicted_vs_actual.png and residuals.png. Needs the data in memory: refused (exit 2) for a file " +
                          $"that would be fitted out of core (above {ThresholdMiB} MiB, or with --out-of-core).",
        }.NotEmpty("a folder");
        var outOfCore = new Option<bool>("--out-of-core")
        {
            Description = $"Fit from the file with bounded memory even when it is small (automatic above {ThresholdMiB} MiB): qr streams the CSV " +
                          "twice; gd parses it once into a binary cache (see --cache-dir) and iterates over the memory-mapped cache; " +
                          "sgd always reads the file into memory.",
        };
        var cacheDir = new Option<string?>("--cache-dir")
        {
            Description = "Folder of gd's binary caches of CSV files (default: ~/.cache/micrograd, or $XDG_CACHE_HOME/micrograd). " +
                          "A cache is rebuilt when its CSV changes; deleting the folder is safe.",
        }.NotEmpty("a folder");
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
                LearningRate = parse.GetValue(lr),
                MaxIterations = parse.GetValue(iterations),
                Standardize = parse.GetValue(standardize),
                BatchSize = parse.GetValue(batchSize),
                Seed = parse.GetValue(seed),
                Tolerance = parse.GetValue(tolerance),
                L2 = parse.GetValue(l2),
                RankDeficiency = parse.GetValue(minNorm) ? RankDeficiency.MinimumNorm : RankDeficiency.Throw,
                CacheFolder = parse.GetValue(cacheDir),
                Streaming = parse.GetValue(outOfCore) ? StreamingMode.Always : StreamingMode.Auto,
            };
            var path = parse.GetValue(data)!;
            var regression = new LinearRegression(options);
            var plotFolder = parse.GetValue(plot);
            if (plotFolder is not null && regression.IsStreamed(path))
                throw new CliException(ExitCodes.Input,
                    $"--plot needs the data in memory, but {Format.Quote(path)} is fitted out of core (larger than {ThresholdMiB} MiB, or --out-of-core). " +
                    "Fit without --plot, or plot a sample of the rows.");
            // Make the plot folder before the fit, so that a bad folder fails before any result is printed.
            Outputs.RequireFolder(options.CacheFolder, "--cache-dir");
            if (plotFolder is not null)
                Outputs.CreateFolder(plotFolder, "--plot");
            // In memory (CsvData.Read) below the threshold, streamed or through the binary cache above it (FitCsv).
            Dataset? table = null;
            LinearRegressionModel model;
            try
            {
                if (plotFolder is null)
                {
                    model = regression.FitCsv(path, parse.GetValue(target)!);
                }
                else
                {
                    table = CsvData.Read(path, parse.GetValue(target)!);
                    model = regression.Fit(table);
                }
            }
            catch (TrainingDivergedException ex)
            {
                // The library explains and advises in plain words; the tool names its own options.
                throw new CliException(ExitCodes.Diverged, $"{ex.Message} Set them with --lr and --standardize.");
            }
            catch (RankDeficientException ex)
            {
                // The library explains; what to do about it is the tool's to say, in its own words.
                throw new CliException(ExitCodes.Input, $"{ex.Message} Drop a collinear column, or pass --min-norm for the minimum-norm solution.");
            }

            context.Out.WriteLine(parse.GetValue(json) ? model.Summary.ToJson() : model.Summary.ToString());
            if (plotFolder is { } folder && table is not null)
            {
                var fitted = model.Predict(table.Features);
                var residuals = new double[fitted.Length];
                for (var i = 0; i < fitted.Length; i++)
                    residuals[i] = table.Target[i] - fitted[i];
                var a = Path.Combine(folder, "predicted_vs_actual.png");
                var b = Path.Combine(folder, "residuals.png");
                using var outputs = new Outputs(context);
                outputs.WriteAllBytes(a, Charts.PredictedVsActual(table.Target, fitted));
                outputs.WriteAllBytes(b, Charts.ResidualsVsFitted(fitted, residuals));
                outputs.Commit();
                context.Error.WriteLine($"wrote {a}");
                context.Error.WriteLine($"wrote {b}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
