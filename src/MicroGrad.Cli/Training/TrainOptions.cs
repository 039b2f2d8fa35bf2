using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

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

    public Option<string> Data { get; } = new("--data", "-d") { Description = "The CSV file (header row, numeric columns).", Required = true };

    public Option<string> Target { get; } = new("--target", "-t") { Description = "The column to predict; every other column is a feature.", Required = true };

    public Option<string> Layers { get; } = new("--layers")
    {
        Description = "Hidden layer sizes, comma-separated (none for a linear model); the output size follows the task.",
        DefaultValueFactory = _ => DefaultLayers,
    };

    public Option<string> Activation { get; } = new("--activation") { Description = "Hidden activation: relu or tanh.", DefaultValueFactory = _ => "relu" };

    public Option<string?> Loss { get; } = new("--loss")
    {
        Description = "hinge (two classes, mapped to -1/+1), cross-entropy (classes mapped to 0..C-1) or mse (regression). " +
            $"[default: cross-entropy when the target holds 2 to {TrainingTask.MaxAutoClasses} distinct integers, mse otherwise]",
    };

    public Option<string> Optimizer { get; } = new("--optimizer") { Description = "sgd, adam or adamw.", DefaultValueFactory = _ => "adam" };

    public Option<double?> LearningRate { get; } = new("--lr")
    {
        CustomParser = r => Token(r, "--lr", "a positive finite number", PositiveNumber),
        Description = $"Learning rate. [default: {Format.Invariant(SgdLearningRate)} for sgd, {Format.Invariant(AdamLearningRate)} for adam and adamw]",
    };

    public Option<int> Steps { get; } = new("--steps")
    {
        Description = "Optimizer steps.",
        DefaultValueFactory = _ => 100,
        CustomParser = r => Token(r, "--steps", "a positive integer", PositiveInteger) ?? 100,
    };

    public Option<int?> BatchSize { get; } = new("--batch-size")
    {
        CustomParser = r => Token(r, "--batch-size", "a positive integer", PositiveInteger),
        Description = "Rows per step, drawn afresh each step. [default: every row (full batch)]",
    };

    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed of the initial weights and of the mini-batches.", DefaultValueFactory = _ => NN.Mlp.DefaultSeed };

    public Option<string?> Save { get; } = new("--save") { Description = "Write the trained model (with its scaling and labels) to this JSON file." };

    public Option<string?> Plot { get; } = new("--plot") { Description = "Write loss.png (and boundary.png for a 2-feature classifier) to this folder (created if needed)." };

    public Option<string?> LogJson { get; } = new("--log-json") { Description = "Write one JSON object per step (step, loss, accuracy) to this file, one per line." };

    public TrainOptions()
    {
        Layers.Validators.Add(r => Check(r, ParseLayers(r.GetValueOrDefault<string>(), out _)));
        Activation.Validators.Add(r => Check(r, OneOf("--activation", Activations, r.GetValueOrDefault<string>())));
        Loss.Validators.Add(r => Check(r, r.GetValueOrDefault<string?>() is { } v ? OneOf("--loss", TrainingTask.LossNames, v) : null));
        Optimizer.Validators.Add(r => Check(r, OneOf("--optimizer", Optimizers, r.GetValueOrDefault<string>())));
        Seed.Validators.Add(r => Check(r, r.GetValueOrDefault<ulong>() == 0
            ? "--seed expects a non-zero seed (0 is a fixed point of the xorshift generator); found 0."
            : null));
    }

    public IEnumerable<Option> All => [Data, Target, Layers, Activation, Loss, Optimizer, LearningRate, Steps, BatchSize, Seed, Save, Plot, LogJson];

    /// <summary>Parses <c>--layers</c> ("16,16"; each a positive integer; "none" or "" for no hidden layer, a linear model).</summary>
    /// <returns>An error message naming the option and the bad item, or null.</returns>
    public static string? ParseLayers(string? text, out int[] sizes)
    {
        sizes = [];
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "none")
            return null;
        var items = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        var parsed = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i]) || parsed[i] <= 0)
                return $"--layers expects positive integers separated by commas (e.g. {DefaultLayers}); found '{items[i]}' in '{text}' (or none for a linear model).";
        }
        sizes = parsed;
        return null;
    }

    /// <summary>Parses the option's last token with <paramref name="parse"/> (null when it is not acceptable), so that
    /// "abc" and "0" get the same message naming the option and what it expects.</summary>
    private static T? Token<T>(ArgumentResult result, string option, string expected, Func<string, T?> parse)
        where T : struct
    {
        if (result.Tokens.Count == 0)
            return null;
        var token = result.Tokens[^1].Value;
        var value = parse(token);
        if (value is null)
            result.AddError($"{option} expects {expected}; found '{token}'.");
        return value;
    }

    private static int? PositiveInteger(string token) =>
        int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;

    private static double? PositiveNumber(string token) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v) ? v : null;

    private static string? OneOf(string option, string[] allowed, string? value) =>
        Array.IndexOf(allowed, value) >= 0 ? null : $"{option} expects one of {string.Join(", ", allowed)}; found '{value}'.";

    private static void Check(OptionResult result, string? error)
    {
        if (error is not null)
            result.AddError(error);
    }
}
