using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

using MicroGrad.NN;

namespace MicroGrad;

// The neural-network throws (MicroGrad.NN).
internal static partial class MicroGradThrow
{
    private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

    [DoesNotReturn]
    public static void Argument_NullEntry(string paramName, string what, int index) =>
        throw new ArgumentException(string.Create(s_c, $"Expected {what} at index {index}; got null."), paramName);

    [DoesNotReturn]
    public static void Argument_LabelCount(string paramName, int outputs, int labels) =>
        throw new ArgumentException(string.Create(s_c,
            $"Expected one label per model output ({outputs}), or two labels for one output (a hinge score); got {labels} labels for {outputs} outputs."), paramName);

    [DoesNotReturn]
    public static void InvalidOperation_Schedule(int step, double rate) =>
        throw new InvalidOperationException(string.Create(s_c,
            $"Expected the learning-rate schedule to return a finite non-negative rate at step {step}; got {Format.Python(rate)}."));

    [DoesNotReturn]
    public static void ArgumentOutOfRange_LayerSize(string paramName, int index, int actual) =>
        throw new ArgumentOutOfRangeException(paramName, actual,
            string.Create(s_c, $"Expected a positive size for layer {index}; got {actual}."));

    [DoesNotReturn]
    public static void InsufficientMemory_Network(string problem) =>
        throw new InsufficientMemoryException($"Expected a network that fits in memory; {problem}.");

    [DoesNotReturn]
    public static void InsufficientMemory_Step(int rows, string model, long units, double neededBytes, long availableBytes) =>
        throw new InsufficientMemoryException(
            string.Create(s_c, $"Expected a training step that fits in memory; a step of {model} over {rows:N0} rows holds {rows:N0} × {units:N0} ") +
            string.Create(s_c, $"activations with their gradients, about {MemoryBudget.Gigabytes(neededBytes)}, but this process may use {MemoryBudget.Gigabytes(availableBytes)}. ") +
            "Use narrower layers or a smaller batch.");

    [DoesNotReturn]
    public static void InsufficientMemory_History(int steps, double neededBytes, long availableBytes) =>
        throw new InsufficientMemoryException(string.Create(s_c,
            $"Expected a number of steps whose history fits in memory; {steps:N0} steps need about {MemoryBudget.Gigabytes(neededBytes)}, but this process may use {MemoryBudget.Gigabytes(availableBytes)}. Use fewer steps."));

    [DoesNotReturn]
    public static void Argument_NoLayers(string paramName) =>
        throw new ArgumentException("Expected at least one layer size (the last is the output width); got none.", paramName);

    [DoesNotReturn]
    public static void Argument_ParameterCount(string paramName, int expected, int actual, string module) =>
        throw new ArgumentException(string.Create(s_c, $"Expected {expected} parameter values for {module}; got {actual}."), paramName);

    [DoesNotReturn]
    public static void Argument_Label(string paramName, int index, double actual, string allowed) =>
        throw new ArgumentException(string.Create(s_c, $"Expected a label in {allowed} at index {index}; got {Format.Python(actual)}."), paramName);

    [DoesNotReturn]
    public static void Argument_OutputWidth(string paramName, int expected, int actual, string why) =>
        throw new ArgumentException(string.Create(s_c, $"Expected a model with {expected} output(s) ({why}); got {actual}."), paramName);

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Hyper(string paramName, double actual, string expected) =>
        throw new ArgumentOutOfRangeException(paramName, actual, string.Create(s_c, $"Expected {expected}; got {Format.Python(actual)}."));

    [DoesNotReturn]
    public static void TrainingDiverged_Step(int step, double loss, double learningRate, double lastFiniteLoss) =>
        throw new TrainingDivergedException(step, loss, learningRate, string.Create(s_c,
            $"Training diverged at step {step}: the loss is {Format.Python(loss)} " +
            $"(last finite loss {(double.IsNaN(lastFiniteLoss) ? "none" : Format.Python(lastFiniteLoss))}, learning rate {Format.Python(learningRate)}). " +
            $"Try a smaller learning rate, e.g. {Format.Python(learningRate / 10)}, or scale the inputs."));

    [DoesNotReturn]
    public static void InvalidData_Model(string source, string message) =>
        throw new InvalidDataException($"Model file {source}: {message}");
}
