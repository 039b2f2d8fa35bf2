using System.CommandLine;
using MicroGrad.Cli.Training;
using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Cli.Commands;

/// <summary>
/// <c>micrograd predict --model model.json --data FILE.csv [--output FILE.csv]</c>: reads the feature columns named in
/// the model file (other columns are ignored, the target may be absent), applies the saved scaling and writes the
/// features, <c>prediction</c> (the original label for a classifier) and, for a classifier, <c>p_LABEL</c> per class
/// (softmax) or the raw <c>score</c> (hinge), as CSV in the invariant culture with round-trip numbers.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = CommonOptions.FileToRead("--model", "-m", "A model file written by 'micrograd train --save'.");
        var data = CommonOptions.Data("The CSV file holding the model's feature columns (by name).");
        var output = new Option<string?>("--output", "-o") { Description = "Write the predictions to this CSV file (atomically; a device or pipe is written directly), or - for standard output. [default: standard output]" }.NotEmpty("a file name");
        var threads = CommonOptions.Threads();
        var command = new Command("predict",
            "Predict with a model saved by 'micrograd train --save': the features, a prediction column (the original label for a classifier) " +
            "and the class probabilities (cross-entropy) or score (hinge).\n" +
            "Example: micrograd predict --model model.json --data moons.csv --output predictions.csv")
        {
            model, data, output, threads,
        };
        command.SetAction(parse =>
        {
            // Checked before any work, as every command's output files are (a folder is a usage error).
            Outputs.RequireFile(parse.GetValue(output), "--output");
            using var threadCount = CommonOptions.ApplyThreads(parse, threads);
            var modelPath = parse.GetValue(model)!;
            var saved = ModelFile.Load(modelPath);
            var kind = KindOf(saved, modelPath);
            var features = saved.Metadata.FeatureNames!;
            var table = CsvData.ReadTable(parse.GetValue(data)!, features);
            var text = Predict(saved, kind, table);
            if (parse.GetValue(output) is { } path && path != Outputs.StandardOutput)
                AtomicFile.WriteAllText(path, text);
            else
                context.Out.Write(text);
            return ExitCodes.Success;
        });
        return command;
    }

    private enum Kind
    {
        Regression,
        Score,
        Probabilities,
    }

    private static Kind KindOf(SavedModel saved, string path)
    {
        var (model, meta) = (saved.Model, saved.Metadata);
        if (meta.FeatureNames is null)
            throw new CliException(ExitCodes.Input, $"Model file {Format.Quote(path)}: expected feature names (metadata.featureNames) to find the input columns; found none. Save the model with 'micrograd train --save'.");
        if (meta.Labels is not { } labels)
            return Kind.Regression;
        if (labels.Count == 2 && model.OutputCount == 1)
            return Kind.Score;
        if (labels.Count == model.OutputCount && labels.Count >= 2)
            return Kind.Probabilities;
        throw new CliException(ExitCodes.Input,
            $"Model file {Format.Quote(path)}: expected one label per output (or two labels for one score); found {labels.Count} labels for {model.OutputCount} outputs.");
    }

    private static string Predict(SavedModel saved, Kind kind, NumericTable table)
    {
        var (model, meta) = (saved.Model, saved.Metadata);
        using var csv = new PredictionCsv();
        var header = new List<string>(meta.FeatureNames!) { "prediction" };
        if (kind == Kind.Score)
            header.Add("score");
        if (kind == Kind.Probabilities)
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
            cells.Add(kind == Kind.Regression
                ? Format.Python(meta.TargetScaling is { } target ? target.Invert(outputs)[0] : outputs[0])
                : meta.Labels![Classifier.ClassOf(outputs)]);
            if (kind == Kind.Score)
                cells.Add(Format.Python(outputs[0]));
            if (kind == Kind.Probabilities)
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
