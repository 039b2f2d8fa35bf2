using System.CommandLine;
using MicroGrad.Cli.Training;
using MicroGrad.Data;
using MicroGrad.NN;
using MicroGrad.Regression;

namespace MicroGrad.Cli.Commands;

/// <summary>
/// <c>micrograd predict --model model.json --data FILE.csv [--output FILE.csv] [--level 0.95]</c>: reads the feature
/// columns named in the model file (other columns are ignored, the target may be absent). For a network (the file's
/// format <see cref="ModelFile.FormatName"/>) it applies the saved scaling and writes the features,
/// <c>prediction</c> (the original label for a classifier) and, for a classifier, <c>p_LABEL</c> per class (softmax)
/// or the raw <c>score</c> (hinge); for a linear model (<see cref="LinearRegressionModelFile.FormatName"/>) the
/// features, <c>prediction</c>, <c>mean_lower</c>, <c>mean_upper</c>, <c>obs_lower</c>, <c>obs_upper</c>
/// (<see cref="LinearRegressionModel.PredictIntervals"/> at <c>--level</c>). CSV in the invariant culture with
/// round-trip numbers.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.FileToRead("--model", "-m", "A model file written by 'micrograd train --save' or 'micrograd regress --save'.");
        var level = CommonOptions.OptionalNumber<double>("--level",
            "Confidence level of a linear model's intervals (mean_lower/mean_upper for the mean response, obs_lower/obs_upper for a new observation). [default: 0.95]",
            "a number strictly between 0 and 1", token => CommonOptions.PositiveNumber(token) is { } v && v < 1 ? v : null);
        var data = CommonOptions.Data("The CSV file holding the model's feature columns (by name).");
        var output = new Option<string?>("--output", "-o") { Description = "Write the predictions to this CSV file (atomically; a device or pipe is written directly), or - for standard output. [default: standard output]" }.NotEmpty("a file name");
        var threads = CommonOptions.Threads();
        var command = new Command("predict",
            "Predict with a model saved by 'micrograd train --save': the features, a prediction column (the original label for a classifier) " +
            "and the class probabilities (cross-entropy) or score (hinge); or by 'micrograd regress --save': the features, prediction and " +
            "its intervals mean_lower, mean_upper, obs_lower, obs_upper (--level).\n" +
            "Example: micrograd predict --model model.json --data moons.csv --output predictions.csv")
        {
            model, data, output, threads, level,
        };
        command.SetAction(parse =>
        {
            // Checked before any work, as every command's output files are (a folder is a usage error).
            Outputs.RequireFile(parse.GetValue(output), "--output");
            Outputs.RequireNotInput(parse.GetValue(output), "--output", parse.GetValue(model), "--model");
            Outputs.RequireNotInput(parse.GetValue(output), "--output", parse.GetValue(data), "--data");
            using var threadCount = CommonOptions.ApplyThreads(parse, threads);
            var modelPath = parse.GetValue(model)!;
            // Read once (a FIFO or /dev/stdin cannot be read twice); the format field chooses the reader.
            var json = ModelFile.ReadText(modelPath);
            string text;
            switch (ModelFile.FormatOf(json, modelPath))
            {
                case LinearRegressionModelFile.FormatName:
                {
                    var linear = LinearRegressionModelFile.Deserialize(json, modelPath);
                    var rows = CsvData.ReadTable(parse.GetValue(data)!, linear.FeatureNames);
                    text = PredictLinear(context, linear, rows, parse.GetValue(level) ?? DefaultLevel);
                    break;
                }
                case ModelFile.FormatName:
                {
                    if (parse.GetValue(level) is not null)
                        throw new CliException(ExitCodes.Input,
                            $"--level applies to a linear model's intervals, but {Format.Quote(modelPath)} is a network (written by 'micrograd train --save'). Drop --level.");
                    var saved = ModelFile.Deserialize(json, modelPath);
                    var kind = KindOf(saved, modelPath);
                    var features = saved.Metadata.FeatureNames!;
                    var table = CsvData.ReadTable(parse.GetValue(data)!, features);
                    text = Predict(saved, kind, table);
                    break;
                }
                case var other:
                    throw new CliException(ExitCodes.Input,
                        $"Model file {Format.Quote(modelPath)}: field 'format' must be \"{ModelFile.FormatName}\" or \"{LinearRegressionModelFile.FormatName}\"; found {Format.Quote(other)}.");
            }
            if (parse.GetValue(output) is { } path && path != Outputs.StandardOutput)
                AtomicFile.WriteAllText(path, text);
            else
                context.Out.Write(text);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The level of the intervals without --level: statsmodels' alpha = 0.05.</summary>
    private const double DefaultLevel = 0.95;

    /// <summary>The features, <c>prediction</c>, and the intervals of
    /// <see cref="LinearRegressionModel.PredictIntervals"/>; a model without a covariance (ridge) gets <c>nan</c>
    /// intervals and a note on standard error saying why.</summary>
    private static string PredictLinear(CliContext context, LinearRegressionModel model, NumericTable table, double level)
    {
        using var csv = new PredictionCsv();
        csv.WriteRow([.. model.FeatureNames, "prediction", "mean_lower", "mean_upper", "obs_lower", "obs_upper"]);
        if (table.Rows.Length == 0)
            return csv.ToString();
        PredictionInterval[] intervals;
        var intervalsNoted = false;
        try
        {
            intervals = model.PredictIntervals(table.Rows, level);
        }
        catch (InvalidOperationException ex)
        {
            context.Error.WriteLine($"note: the intervals are nan: {ex.Message}");
            intervalsNoted = true;
            intervals = [.. model.Predict(table.Rows).Select(m => new PredictionInterval(m, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN))];
        }
        var cells = new List<string>();
        for (var r = 0; r < table.Rows.Length; r++)
        {
            cells.Clear();
            foreach (var x in table.Rows[r])
                cells.Add(Format.Python(x));
            var p = intervals[r];
            RequireFinite(table, r, p, intervalsNoted);
            cells.Add(Format.Python(p.Mean));
            cells.Add(Format.Python(p.MeanLower));
            cells.Add(Format.Python(p.MeanUpper));
            cells.Add(Format.Python(p.ObservationLower));
            cells.Add(Format.Python(p.ObservationUpper));
            csv.WriteRow(cells);
        }
        return csv.ToString();
    }

    /// <summary>A row whose prediction or intervals overflow (cells near 1e300) is refused, as the network path
    /// refuses an input its scaling overflows (exit 2): an infinite interval would be written as if it were an answer.
    /// Intervals that are NaN for the whole model (no covariance) were noted already.</summary>
    private static void RequireFinite(NumericTable table, int r, PredictionInterval p, bool intervalsNoted)
    {
        (string Name, double Value)[] values = intervalsNoted
            ? [("prediction", p.Mean)]
            : [("prediction", p.Mean), ("mean_lower", p.MeanLower), ("mean_upper", p.MeanUpper),
               ("obs_lower", p.ObservationLower), ("obs_upper", p.ObservationUpper)];
        foreach (var (name, value) in values)
        {
            if (double.IsFinite(value))
                continue;
            var row = table.Rows[r];
            var largest = 0;
            for (var j = 1; j < row.Length; j++)
            {
                if (Math.Abs(row[j]) > Math.Abs(row[largest]))
                    largest = j;
            }
            throw new CliException(ExitCodes.Input,
                $"{table.Source}, data row {r + 1}: {name} overflows to {Format.Python(value)}; the row's values are too large for the model " +
                $"(column {Format.Quote(table.ColumnNames[largest])} holds {Format.Python(row[largest])}).");
        }
    }

    private static ModelKind KindOf(SavedModel saved, string path)
    {
        if (saved.Metadata.FeatureNames is null)
            throw new CliException(ExitCodes.Input, $"Model file {Format.Quote(path)}: expected feature names (metadata.featureNames) to find the input columns; found none. Save the model with 'micrograd train --save'.");
        return KindOf(saved.Model, saved.Metadata, path);
    }

    /// <summary>The kind of a network by its labels (<see cref="ModelMetadata.KindOf"/>); labels that fit neither
    /// classifier are an input error naming the file.</summary>
    internal static ModelKind KindOf(Mlp model, ModelMetadata meta, string path)
    {
        try
        {
            return meta.KindOf(model);
        }
        catch (ArgumentException)
        {
            throw new CliException(ExitCodes.Input,
                $"Model file {Format.Quote(path)}: expected one label per output (or two labels for one score); found {meta.Labels!.Count} labels for {model.OutputCount} outputs.");
        }
    }

    private static string Predict(SavedModel saved, ModelKind kind, NumericTable table)
    {
        var (model, meta) = (saved.Model, saved.Metadata);
        using var csv = new PredictionCsv();
        var header = new List<string>(meta.FeatureNames!) { "prediction" };
        if (kind == ModelKind.Score)
            header.Add("score");
        if (kind == ModelKind.Probabilities)
        {
            foreach (var label in meta.Labels!)
                header.Add("p_" + label);
        }
        csv.WriteRow(header);

        var cells = new List<string>(header.Count);
        // Every row in one batch (Mlp.Predict over rows, the tensor engine).
        var predictions = table.Rows.Length == 0 ? [] : model.Predict(meta.InputScaling is { } scaling ? Scaled(scaling, table) : table.Rows);
        for (var r = 0; r < table.Rows.Length; r++)
        {
            var (row, outputs) = (table.Rows[r], predictions[r]);
            cells.Clear();
            foreach (var x in row)
                cells.Add(Format.Python(x));
            cells.Add(kind == ModelKind.Regression
                ? Format.Python(meta.TargetScaling is { } target ? target.Invert(outputs)[0] : outputs[0])
                : meta.Labels![Classifier.ClassOf(outputs)]);
            if (kind == ModelKind.Score)
                cells.Add(Format.Python(outputs[0]));
            if (kind == ModelKind.Probabilities)
            {
                foreach (var p in Classifier.Softmax(outputs))
                    cells.Add(Format.Python(p));
            }
            csv.WriteRow(cells);
        }
        return csv.ToString();
    }

    /// <summary>The rows through the model's input scaling. A value the training data never came near can overflow
    /// there (1.7e308 / 0.5); said here in the data's terms, before the model refuses an infinite input.</summary>
    private static double[][] Scaled(Scaling scaling, NumericTable table)
    {
        var scaled = scaling.Apply(table.Rows);
        for (var r = 0; r < scaled.Length; r++)
        {
            for (var j = 0; j < scaled[r].Length; j++)
            {
                if (!double.IsFinite(scaled[r][j]))
                {
                    throw new CliException(ExitCodes.Input,
                        $"{table.Source}, data row {r + 1}, column {Format.Quote(table.ColumnNames[j])}: {Format.Python(table.Rows[r][j])} is too large " +
                        $"for the model's input scaling (it standardises to {Format.Python(scaled[r][j])}).");
                }
            }
        }
        return scaled;
    }
}
