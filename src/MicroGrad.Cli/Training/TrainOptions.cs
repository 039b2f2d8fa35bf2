using System.CommandLine;
using System.Globalization;
using MicroGrad.Cli.Commands;

namespace MicroGrad.Cli.Training;

/// <summary>The options of <c>micrograd train</c>, each with its default shown by <c>--help</c> and a validator whose
/// message names the option and what it expects (a parse error: exit code 1).</summary>
internal sealed class TrainOptions
{
    public const string DefaultLayers = "16,16";
    public const double SgdLearningRate = 0.05;
    public const double AdamLearningRate = 0.01;
    public static readonly string[] Activations = ["relu", "tanh"];
    public static readonly string[] Optimizers = ["sgd", "adam", "adamw"];

    public Option<string> Data { get; } = CommonOptions.Data();

    public Option<string> Target { get; } = CommonOptions.Target();

    public Option<string> Layers { get; } = new("--layers")
    {
        Description = "Hidden layer sizes, comma-separated; the word none (not an empty value) for a linear model. The output size follows the task.",
        DefaultValueFactory = _ => DefaultLayers,
    };

    public Option<string> Activation { get; } = CommonOptions.Choice("--activation", Activations, "Hidden activation: relu or tanh.", "relu");

    public Option<string> Loss { get; } = CommonOptions.Choice("--loss", TrainingTask.LossNames,
        "hinge (two classes, mapped to -1/+1), cross-entropy (classes mapped to 0..C-1) or mse (regression). " +
        $"[default: cross-entropy when the target holds 2 to {TrainingTask.MaxAutoClasses} distinct integers, mse otherwise]");

    public Option<string> Optimizer { get; } = CommonOptions.Choice("--optimizer", Optimizers, "sgd, adam or adamw.", "adam");

    public Option<double?> LearningRate { get; } = CommonOptions.OptionalNumber("--lr",
        $"Learning rate. [default: {Format.Short(SgdLearningRate)} for sgd, {Format.Short(AdamLearningRate)} for adam and adamw]",
        "a positive finite number", CommonOptions.PositiveNumber);

    public Option<int> Steps { get; } = CommonOptions.Steps("Optimizer steps.");

    public Option<int?> BatchSize { get; } = CommonOptions.OptionalNumber("--batch-size",
        "Rows per step, drawn afresh each step. [default: every row (full batch)]", "a positive integer", CommonOptions.PositiveInteger);

    public Option<int?> Threads { get; } = CommonOptions.Threads();

    public Option<ulong> Seed { get; } = CommonOptions.Seed("Seed of the initial weights and of the mini-batches.", NN.Mlp.DefaultSeed);

    public Option<string?> Save { get; } = new Option<string?>("--save") { Description = "Write the trained model (with its scaling and labels) to this JSON file (- for standard output)." }.NotEmpty("a file name");

    public Option<string?> Plot { get; } = new Option<string?>("--plot") { Description = "Write loss.png (and boundary.png for a 2-feature classifier) to this folder (created if needed)." }.NotEmpty("a folder");

    public Option<string?> LogJson { get; } = new Option<string?>("--log-json") { Description = "Write one JSON object per step (step, loss, accuracy) to this file, one per line (- for standard output; progress and summary then go to standard error)." }.NotEmpty("a file name");

    public TrainOptions()
    {
        Layers.Validators.Add(r =>
        {
            if (ParseLayers(r.GetValueOrDefault<string>(), out _) is { } error)
                r.AddError(error);
        });
    }

    public IEnumerable<Option> All => [Data, Target, Layers, Activation, Loss, Optimizer, LearningRate, Steps, BatchSize, Threads, Seed, Save, Plot, LogJson];

    /// <summary>Parses <c>--layers</c> ("16,16"; each a positive integer; "none" for no hidden layer, a linear model).
    /// An empty value is refused rather than read as "none": <c>--layers "$SIZES"</c> with an unset variable would
    /// otherwise train a different kind of model without a word.</summary>
    /// <returns>An error message naming the option and the bad item, or null.</returns>
    public static string? ParseLayers(string? text, out int[] sizes)
    {
        sizes = [];
        if (string.IsNullOrWhiteSpace(text))
            return $"--layers expects positive integers separated by commas (e.g. {DefaultLayers}), or none for a linear model; found an empty value.";
        if (text.Trim() == "none")
            return null;
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        var parsed = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i]) || parsed[i] <= 0)
                return $"--layers expects positive integers separated by commas (e.g. {DefaultLayers}); found {Format.Quote(items[i])} in {Format.Quote(text)} (or none for a linear model).";
        }
        sizes = parsed;
        return null;
    }
}
