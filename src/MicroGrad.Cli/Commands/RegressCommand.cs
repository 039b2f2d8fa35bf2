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
        var cov = CommonOptions.Choice("--cov", CovarianceNames,
            "The covariance behind the standard errors, p values and intervals: nonrobust, or heteroscedasticity-robust HC0-HC3 " +
            "(statsmodels' cov_type; robust fits report z and normal p values, as statsmodels does by default).", "nonrobust");
        var weights = new Option<string?>("--weights")
        {
            Description = "Weighted least squares (statsmodels' WLS) with the weights in this column (positive; it is not a feature). " +
                          "Fitted by qr without --l2 (--solver gd/sgd and --l2 are refused). " +
                          "Needs the data in memory: refused (exit 2) for a file fitted out of core.",
        }.NotEmpty("a column name");
        var save = new Option<string?>("--save")
        {
            Description = "Save the fitted model (coefficients, covariance, what 'predict --model' needs for intervals) to this JSON file, " +
                          "atomically, or - for standard output (the summary then goes to standard error).",
        }.NotEmpty("a file name");
        var threads = CommonOptions.Threads();
        var command = new Command("regress",
            "Fit a linear regression to a CSV file and print statsmodels' OLS summary (coefficients, standard errors, t, p, intervals, R², F, AIC, …).\n" +
            "Example: micrograd regress --data data/longley.csv --target TOTEMP")
        {
            data, target, noIntercept, solver, lr, iterations, standardize, batchSize, seed, tolerance, l2, minNorm, json, plot, outOfCore, cacheDir,
            cov, weights, save, threads,
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
                Covariance = (CovarianceType)Array.IndexOf(CovarianceNames, parse.GetValue(cov)),
            };
            var path = parse.GetValue(data)!;
            var weightsColumn = parse.GetValue(weights);
            var targetName = parse.GetValue(target)!;
            // Option conflicts, decided from the options alone: usage errors (exit 1), before the data is read.
            if (weightsColumn is not null)
            {
                if (options.Solver != LinearSolver.Qr)
                    throw new CliException(ExitCodes.Usage, $"--weights fits by qr without --l2; found --solver {parse.GetValue(solver)}.");
                if (options.L2 != 0)
                    throw new CliException(ExitCodes.Usage,
                        $"--weights fits by qr without --l2; found --l2 {options.L2.ToString("R", CultureInfo.InvariantCulture)}.");
                if (weightsColumn == targetName)
                    throw new CliException(ExitCodes.Usage, $"--weights names the target column {Format.Quote(targetName)}; give the column that holds the weights.");
            }
            var regression = new LinearRegression(options);
            var plotFolder = parse.GetValue(plot);
            if (plotFolder is not null && regression.IsStreamed(path))
                throw new CliException(ExitCodes.Input,
                    $"--plot needs the data in memory, but {Format.Quote(path)} is fitted out of core (larger than {ThresholdMiB} MiB, or --out-of-core). " +
                    "Fit without --plot, or plot a sample of the rows.");
            if (weightsColumn is not null && regression.IsStreamed(path))
                throw new CliException(ExitCodes.Input,
                    $"--weights needs the data in memory, but {Format.Quote(path)} is fitted out of core (larger than {ThresholdMiB} MiB, or --out-of-core). " +
                    "Fit without --weights, or fit a sample of the rows.");
            var savePath = parse.GetValue(save);
            Outputs.RequireFile(savePath, "--save");
            Outputs.RequireNotInput(savePath, "--save", path, "--data");
            using var threadCount = CommonOptions.ApplyThreads(parse, threads);
            // Make the plot folder before the fit, so that a bad folder fails before any result is printed.
            Outputs.RequireFolder(options.CacheFolder, "--cache-dir");
            if (plotFolder is not null)
                Outputs.CreateFolder(plotFolder, "--plot");
            // In memory (CsvData.Read) below the threshold, streamed or through the binary cache above it (FitCsv).
            Dataset? table = null;
            double[][]? features = null;
            LinearRegressionModel model;
            try
            {
                if (plotFolder is null && weightsColumn is null)
                {
                    model = regression.FitCsv(path, targetName);
                }
                else
                {
                    table = CsvData.Read(path, targetName);
                    if (weightsColumn is null)
                    {
                        features = table.Features;
                        model = regression.Fit(table);
                    }
                    else
                    {
                        (features, var names, var w) = SplitWeights(table, weightsColumn, path);
                        model = regression.FitWeighted(features, table.Target, w, names, table.TargetName);
                    }
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

            // With the model on standard output, the summary goes to standard error (as train does).
            var console = savePath == Outputs.StandardOutput ? context.Error : context.Out;
            console.WriteLine(parse.GetValue(json) ? model.Summary.ToJson() : model.Summary.ToString());
            // Every output file is replaced at the end, together, and only when all were written.
            using var outputs = new Outputs(context);
            if (savePath is not null)
                outputs.Write(savePath, stream => LinearRegressionModelFile.Serialize(stream, model));
            string[] written = [];
            if (plotFolder is { } folder && table is not null && features is not null)
            {
                var fitted = model.Predict(features);
                var residuals = new double[fitted.Length];
                for (var i = 0; i < fitted.Length; i++)
                    residuals[i] = table.Target[i] - fitted[i];
                var a = Path.Combine(folder, "predicted_vs_actual.png");
                var b = Path.Combine(folder, "residuals.png");
                outputs.WriteAllBytes(a, Charts.PredictedVsActual(table.Target, fitted));
                outputs.WriteAllBytes(b, Charts.ResidualsVsFitted(fitted, residuals));
                written = [a, b];
            }
            outputs.Commit();
            if (savePath is not null && savePath != Outputs.StandardOutput)
                context.Error.WriteLine($"wrote {savePath}");
            foreach (var file in written)
                context.Error.WriteLine($"wrote {file}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>statsmodels' cov_type names, in <see cref="CovarianceType"/> order.</summary>
    private static readonly string[] CovarianceNames = ["nonrobust", "HC0", "HC1", "HC2", "HC3"];

    /// <summary>The features without the weights column, their names, and the weights.</summary>
    private static (double[][] Features, string[] Names, double[] Weights) SplitWeights(Dataset table, string column, string path)
    {
        var index = -1;
        for (var j = 0; j < table.FeatureNames.Count; j++)
        {
            if (table.FeatureNames[j] == column)
                index = j;
        }
        if (index < 0)
            throw new CliException(ExitCodes.Input,
                $"--weights {Format.Quote(column)}: no such column in {Format.Quote(path)}.");
        if (table.FeatureNames.Count == 1)
            throw new CliException(ExitCodes.Input, $"--weights {Format.Quote(column)} is the only column besides the target: no feature is left to fit.");
        var names = new string[table.FeatureNames.Count - 1];
        var weights = new double[table.Target.Length];
        var features = new double[weights.Length][];
        for (int j = 0, c = 0; j < table.FeatureNames.Count; j++)
        {
            if (j != index)
                names[c++] = table.FeatureNames[j];
        }
        for (var i = 0; i < weights.Length; i++)
        {
            var row = table.Features[i];
            weights[i] = row[index];
            if (!(double.IsFinite(weights[i]) && weights[i] > 0))
                BadWeight(path, column, i, weights[i]);
            features[i] = [.. row.AsSpan(0, index), .. row.AsSpan(index + 1)];
        }
        return (features, names, weights);
    }

    /// <summary>A weight that is not positive and finite, named as CsvData names a bad cell (file, line, column), before
    /// the library would name it weights[i]. The dataset keeps no line numbers: they are counted again here, on this
    /// error path only, from a regular file without quotes (a quoted cell may span lines); otherwise the data row is
    /// named.</summary>
    private static void BadWeight(string path, string column, int row, double value)
    {
        var header = CsvData.ReadHeader(path);
        var at = $"column {(IndexOf(header, column) + 1).ToString(CultureInfo.InvariantCulture)} {Format.Quote(column)}";
        var where = DataLine(path, row) is { } line
            ? $"line {line.ToString(CultureInfo.InvariantCulture)}, {at}"
            : $"data row {(row + 1).ToString(CultureInfo.InvariantCulture)}, {at}";
        throw new DataFormatException(
            $"{path}, {where}: expected a positive finite weight (an inverse variance); found {Format.Python(value)}.", path);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var j = 0; j < names.Count; j++)
        {
            if (names[j] == name)
                return j;
        }
        return -1;
    }

    /// <summary>The 1-based line of data row <paramref name="row"/> (blank lines hold no row, as CsvData reads them),
    /// or null when it cannot be counted from physical lines.</summary>
    private static int? DataLine(string path, int row)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Attributes.HasFlag(FileAttributes.Device) || file.Length > 1L << 30)
            return null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (!stream.CanSeek)
                return null;
            using var reader = new StreamReader(stream);
            var number = 1;
            if (reader.ReadLine() is not { } header || header.Contains('"'))
                return null;
            for (var seen = -1; reader.ReadLine() is { } line;)
            {
                number++;
                if (line.Contains('"'))
                    return null;
                if (line.Trim().Length > 0 && ++seen == row)
                    return number;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
