using System.CommandLine;
using System.Globalization;
using MicroGrad.Cli.Plots;
using MicroGrad.Cli.Training;
using MicroGrad.Data;
using MicroGrad.NN;
using Spectre.Console;

namespace MicroGrad.Cli.Commands;

/// <summary>
/// <c>micrograd train --data FILE.csv --target COLUMN ...</c>: standardises the features, trains an MLP whose output
/// follows the task (see <see cref="TrainingTask"/>), shows progress, prints a summary table, and optionally saves the
/// model, a per-step JSON log and plots. Nothing is written unless training succeeds.
/// </summary>
internal static class TrainCommand
{
    /// <summary>The summary's loss row: the model's loss after the last update (the progress lines and the log show
    /// each step's loss before its update).</summary>
    internal const string FinalLossLabel = "final loss (after the last update)";

    public static Command Create(CliContext context)
    {
        var o = new TrainOptions();
        var command = new Command("train",
            "Train a multi-layer perceptron on a CSV file (features standardised; the loss decides classification or regression).\n" +
            "Example: micrograd train --data moons.csv --target y --loss hinge --save model.json --plot out");
        foreach (var option in o.All)
            command.Options.Add(option);
        command.SetAction(parse => Run(context, o, parse));
        return command;
    }

    private static int Run(CliContext context, TrainOptions o, ParseResult parse)
    {
        var save = parse.GetValue(o.Save);
        var logJson = parse.GetValue(o.LogJson);
        var plot = parse.GetValue(o.Plot);
        // Every output path is checked before training; the files themselves are replaced together at the end.
        Outputs.RequireFile(save, "--save");
        Outputs.RequireFile(logJson, "--log-json");
        Outputs.RequireFolder(plot, "--plot");
        Outputs.RequireNotInput(save, "--save", parse.GetValue(o.Data), "--data");
        Outputs.RequireNotInput(logJson, "--log-json", parse.GetValue(o.Data), "--data");
        if (save == Outputs.StandardOutput && logJson == Outputs.StandardOutput)
            throw new CliException(ExitCodes.Usage, "--save and --log-json cannot both be '-' (standard output); give one of them a file name.");
        // With the model or the log on standard output, progress and summary go to standard error, so the output pipes clean.
        var console = save == Outputs.StandardOutput || logJson == Outputs.StandardOutput ? new CliContext(context.Error, context.Error) : context;

        using var threads = CommonOptions.ApplyThreads(parse, o.Threads);
        var data = CsvData.Read(parse.GetValue(o.Data)!, parse.GetValue(o.Target)!);
        var task = TrainingTask.Detect(data.Target, data.TargetName, parse.GetValue(o.Loss));
        var scaling = Scaling.Fit(data);
        TrainOptions.ParseLayers(parse.GetValue(o.Layers), out var hidden);
        var rng = new Rng(parse.GetValue(o.Seed));
        // EurekaLabs' uniform(−1, 1)/√fan-in (PyTorch's nn.Linear weight scale; the biases start at 0 here) keeps deeper
        // nets' outputs near 1.
        Mlp model;
        try
        {
            model = new Mlp(data.FeatureCount, [.. hidden, task.OutputCount],
                parse.GetValue(o.Activation) == "tanh" ? Activation.Tanh : Activation.Relu, Activation.Linear, Initialization.EurekaLabs, rng);
        }
        catch (InsufficientMemoryException ex)
        {
            // Refused before anything was allocated: the sizes asked for are the user's option, not the data.
            throw new CliException(ExitCodes.Usage, $"--layers {Format.Quote(parse.GetValue(o.Layers))}: {ex.Message}");
        }
        // A regression target is standardised too, so the default learning rates suit any target's units; the model
        // file records the scaling and predict maps outputs back.
        var targetScaling = task.IsClassification ? null : Scaling.FitTarget(data);
        var targets = task.Targets;
        if (targetScaling is not null)
        {
            var (offset, scale) = (targetScaling.Offset[0], targetScaling.Scale[0]);
            targets = new double[data.Count];
            for (var i = 0; i < targets.Length; i++)
                targets[i] = (data.Target[i] - offset) / scale;
        }
        // The raw features stay for the plots; the objective standardises them as it copies them (one copy, not two).
        var objective = new Objective(model, data.Features, targets, task.Loss, l2: 0.0, inputScaling: scaling);
        var optimizer = CreateOptimizer(parse.GetValue(o.Optimizer)!, parse.GetValue(o.LearningRate), model.Parameters());
        var steps = parse.GetValue(o.Steps);
        var history = Fit(console, objective, optimizer, new TrainingOptions { Steps = steps, BatchSize = parse.GetValue(o.BatchSize), Rng = rng });
        var final = objective.Measure();
        // The trainer checks the loss before each update; the last update is checked here, before anything is written.
        if (!double.IsFinite(final.Loss))
            throw new CliException(ExitCodes.Diverged,
                $"Training diverged on its last step: the loss became {Format.Python(final.Loss)}. Try a smaller learning rate with --lr.");

        // Each output goes to its temporary file; none replaces its file unless all were written (a bad plot path or a
        // plot failing on extreme features leaves the old model and log as they were).
        using var outputs = new Outputs(context);
        if (logJson is not null)
            outputs.Write(logJson, stream => TrainingLog.Write(stream, history, task.IsClassification));
        if (save is not null)
        {
            var metadata = new ModelMetadata
            {
                FeatureNames = data.FeatureNames,
                Target = data.TargetName,
                Labels = task.Labels(),
                InputScaling = scaling,
                TargetScaling = targetScaling,
            };
            outputs.Write(save, stream => ModelFile.Serialize(stream, model, metadata));
        }
        if (plot is not null)
            Plot(outputs, plot, history, task, data, model, scaling);

        var table = new Table().AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        table.AddRow("model", Markup.Escape(model.Describe()));
        table.AddRow("loss", task.LossName + (task.IsClassification ? $" ({task.ClassValues!.Length} classes)" : ""));
        table.AddRow("optimizer", $"{optimizer.GetType().Name.ToLowerInvariant()}, lr {Format.Short(optimizer.LearningRate)}");
        table.AddRow("steps", steps.ToString(CultureInfo.InvariantCulture));
        table.AddRow("parameters", model.Parameters().Count.ToString(CultureInfo.InvariantCulture));
        // Measured after the last update, so it is not the last progress line's loss, which was taken before it.
        table.AddRow(targetScaling is null ? FinalLossLabel : FinalLossLabel[..^1] + ", standardised target)", Format.Short(final.Loss));
        if (targetScaling is not null)
            table.AddRow("rmse (target units)", Format.Short(Math.Sqrt(final.Loss) * targetScaling.Scale[0]));
        if (task.IsClassification)
            table.AddRow("final accuracy", final.Accuracy.ToString("P1", CultureInfo.InvariantCulture));
        // Committed before the summary is shown, so a failure to replace a file is not preceded by a success table.
        outputs.Commit();
        console.Console.Write(table);
        return ExitCodes.Success;
    }

    private static Optimizer CreateOptimizer(string name, double? learningRate, IReadOnlyList<Value> parameters) => name switch
    {
        "sgd" => new Sgd(parameters, learningRate ?? TrainOptions.SgdLearningRate),
        "adamw" => new AdamW(parameters, learningRate ?? TrainOptions.AdamLearningRate),
        _ => new Adam(parameters, learningRate ?? TrainOptions.AdamLearningRate),
    };

    /// <summary>Runs the trainer under <see cref="TrainingProgress"/>; its history (every step) feeds the log and plots.</summary>
    private static IReadOnlyList<TrainingStep> Fit(CliContext context, Objective objective, Optimizer optimizer, TrainingOptions options)
    {
        try
        {
            return TrainingProgress.Run(context, options.Steps, report => Trainer.Fit(objective, optimizer, options, report), plainLines: true);
        }
        catch (TrainingDivergedException ex)
        {
            throw new CliException(ExitCodes.Diverged, $"{ex.Message} Set the learning rate with --lr.");
        }
        catch (InsufficientMemoryException ex)
        {
            // Refused before the first step: the sizes (steps, layers, batch) are the user's options.
            throw new CliException(ExitCodes.Usage, ex.Message);
        }
    }

    private static void Plot(Outputs outputs, string folder, IReadOnlyList<TrainingStep> history, TrainingTask task, Dataset data, Mlp model, Scaling scaling)
    {
        Outputs.CreateFolder(folder, "--plot");
        var loss = new double[history.Count];
        var accuracy = new double[history.Count];
        for (var i = 0; i < history.Count; i++)
            (loss[i], accuracy[i]) = (history[i].Loss, history[i].Accuracy);
        outputs.WriteAllBytes(Path.Combine(folder, "loss.png"), Charts.TrainingCurves(loss, task.IsClassification ? accuracy : null));
        if (task.IsClassification && data.FeatureCount == 2)
        {
            outputs.WriteAllBytes(Path.Combine(folder, "boundary.png"), Charts.DecisionBoundary(points => Classifier.Classify(model, scaling, points),
                data.Features, task.ClassIndices(), $"{data.TargetName} by {data.FeatureNames[0]}, {data.FeatureNames[1]}: {model.Describe()}",
                task.Labels()));
        }
    }
}
