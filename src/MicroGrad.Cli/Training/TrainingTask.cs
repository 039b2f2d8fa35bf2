using System.Globalization;
using MicroGrad.NN;
using static System.FormattableString;

namespace MicroGrad.Cli.Training;

/// <summary>
/// What <c>micrograd train</c> learns from a target column: the loss, the output width, the targets as the loss wants
/// them and, for classifiers, the original label of each class. The loss decides the task: <c>cross-entropy</c> (labels
/// mapped to 0 … C−1 in ascending order, C outputs) and <c>hinge</c> (two labels mapped to −1/+1, one output) classify;
/// <c>mse</c> regresses (one output, targets unchanged).
/// </summary>
internal sealed class TrainingTask
{
    /// <summary>At most this many distinct integer targets make cross-entropy the default loss.</summary>
    public const int MaxAutoClasses = 20;

    /// <summary>The names <c>--loss</c> accepts.</summary>
    public static readonly string[] LossNames = ["hinge", "cross-entropy", "mse"];

    private TrainingTask(LossKind loss, int outputs, double[] targets, double[]? classValues)
    {
        Loss = loss;
        OutputCount = outputs;
        Targets = targets;
        ClassValues = classValues;
    }

    /// <summary>The loss the objective applies.</summary>
    public LossKind Loss { get; }

    /// <summary>The output layer's width.</summary>
    public int OutputCount { get; }

    /// <summary>One target per row, as <see cref="Loss"/> expects them (class index, ±1, or the column itself, not copied).</summary>
    public double[] Targets { get; }

    /// <summary>The original target value of each class, ascending (null for regression).</summary>
    public double[]? ClassValues { get; }

    /// <summary>Whether the task classifies.</summary>
    public bool IsClassification => ClassValues is not null;

    /// <summary>The loss's <c>--loss</c> name.</summary>
    public string LossName => Loss switch
    {
        LossKind.Hinge => "hinge",
        LossKind.CrossEntropy => "cross-entropy",
        _ => "mse",
    };

    /// <summary>The class labels as the model file records them (invariant round-trip text of each class value).</summary>
    public string[]? Labels()
    {
        if (ClassValues is null)
            return null;
        var labels = new string[ClassValues.Length];
        for (var k = 0; k < labels.Length; k++)
            labels[k] = Format.Invariant(ClassValues[k]);
        return labels;
    }

    /// <summary>The class index (0 … C−1) of every row; only for classification.</summary>
    public int[] ClassIndices()
    {
        var classes = new int[Targets.Length];
        for (var i = 0; i < classes.Length; i++)
            classes[i] = Loss == LossKind.Hinge ? (Targets[i] > 0 ? 1 : 0) : (int)Targets[i];
        return classes;
    }

    /// <summary>Chooses the task for <paramref name="target"/> and maps its values.</summary>
    /// <param name="target">The target column's values.</param>
    /// <param name="targetName">The column's name, for messages.</param>
    /// <param name="loss">The <c>--loss</c> value, or null to choose: cross-entropy when the column holds 2 to
    /// <see cref="MaxAutoClasses"/> distinct integers, mse otherwise.</param>
    /// <exception cref="CliException">Exit code 1: unknown loss, hinge without exactly two classes, cross-entropy with
    /// a non-integer target or a single class.</exception>
    public static TrainingTask Detect(double[] target, string targetName, string? loss)
    {
        ArgumentNullException.ThrowIfNull(target);
        var distinct = Distinct(target);
        loss ??= AllIntegers(distinct) && distinct.Length is >= 2 and <= MaxAutoClasses ? "cross-entropy" : "mse";
        switch (loss)
        {
            case "hinge":
                if (distinct.Length != 2)
                {
                    throw new CliException(ExitCodes.Usage, Invariant(
                        $"--loss hinge expects exactly two classes in column {Format.Quote(targetName)}; found {distinct.Length} distinct values ({Sample(distinct)})."));
                }
                return new TrainingTask(LossKind.Hinge, 1, Map(target, distinct, signed: true), distinct);
            case "cross-entropy":
                for (var i = 0; i < target.Length; i++)
                {
                    if (target[i] != Math.Floor(target[i]))
                    {
                        throw new CliException(ExitCodes.Usage, Invariant(
                            $"--loss cross-entropy expects integer class labels in column {Format.Quote(targetName)}; found {Format.Python(target[i])} in data row {i + 1}."));
                    }
                }
                if (distinct.Length < 2)
                {
                    throw new CliException(ExitCodes.Usage, Invariant(
                        $"--loss cross-entropy expects at least two classes in column {Format.Quote(targetName)}; found only {Sample(distinct)}."));
                }
                return new TrainingTask(LossKind.CrossEntropy, distinct.Length, Map(target, distinct, signed: false), distinct);
            case "mse":
                return new TrainingTask(LossKind.MeanSquaredError, 1, target, null);
            default:
                // TrainOptions.Loss accepts only LossNames when parsing.
                throw new System.Diagnostics.UnreachableException($"--loss '{loss}' passed the parser's check.");
        }
    }

    private static double[] Distinct(double[] values)
    {
        var set = new HashSet<double>(values);
        var distinct = new double[set.Count];
        set.CopyTo(distinct);
        Array.Sort(distinct);
        return distinct;
    }

    private static bool AllIntegers(double[] values)
    {
        foreach (var v in values)
        {
            if (v != Math.Floor(v))
                return false;
        }
        return true;
    }

    private static double[] Map(double[] target, double[] classValues, bool signed)
    {
        var mapped = new double[target.Length];
        for (var i = 0; i < mapped.Length; i++)
        {
            var k = Array.BinarySearch(classValues, target[i]);
            mapped[i] = signed ? 2 * k - 1 : k;
        }
        return mapped;
    }

    private static string Sample(double[] distinct)
    {
        const int shown = 5;
        var parts = new List<string>();
        for (var i = 0; i < Math.Min(shown, distinct.Length); i++)
            parts.Add(Format.Invariant(distinct[i])); // as the labels are written
        return string.Join(", ", parts) + (distinct.Length > shown ? ", …" : "");
    }

}
