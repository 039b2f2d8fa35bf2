using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MicroGrad;

// The tensor engine's throws (Tensor, Tensor.Ops, Tensor.Backward).
internal static partial class MicroGradThrow
{
    [DoesNotReturn]
    public static void Argument_TensorDataLength(string paramName, int rows, int columns, int length) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"Expected {(long)rows * columns} elements (rows × columns, row-major) for a {rows}×{columns} tensor; got {length}."), paramName);

    /// <summary>Operands whose shapes the op does not accept: the op, both shapes and the rule, e.g.
    /// <c>MatMul: 20000×10 by 32×32 (…)</c>.</summary>
    [DoesNotReturn]
    public static void Argument_TensorShapes(string paramName, TensorOp op, Tensor a, string connector, Tensor b, string rule) =>
        throw new ArgumentException($"{op}: {a.Shape} {connector} {b.Shape} ({rule}).", paramName);

    /// <summary>An op whose output cannot be allocated: the op, its operands' shapes, the output's and its size, e.g.
    /// <c>Sub: 50000×1 and 1×50000 make a 50000×50000 tensor (…)</c>.</summary>
    [DoesNotReturn]
    public static void Argument_TensorTooLarge(TensorOp op, Tensor a, Tensor? b, int rows, int columns, long availableBytes)
    {
        var elements = (long)rows * columns;
        var operands = b is null ? a.Shape : $"{a.Shape} {(op == TensorOp.MatMul ? "by" : "and")} {b.Shape}";
        throw new ArgumentException(
            FormattableString.Invariant($"{op}: {operands} make a {rows}×{columns} tensor ({elements:N0} elements, {MemoryBudget.Gigabytes(elements * 8.0)}), ") +
            FormattableString.Invariant($"more than this process can allocate (it may use {MemoryBudget.Gigabytes(availableBytes)} in all; an array holds at most {Array.MaxLength:N0} elements). ") +
            "An n×1 operand against a 1×n one broadcasts to n×n: was an n×1 meant on both sides?", b is null ? "a" : "b");
    }

    /// <summary>Outputs a tensor loss does not accept: the loss, then what was found and expected, e.g.
    /// <c>Hinge: scores 4×2, expected n×1 (one output per sample).</c></summary>
    [DoesNotReturn]
    public static void Argument_TensorLoss(string paramName, string loss, string found) =>
        throw new ArgumentException($"{loss}: {found}.", paramName);

    /// <summary>A null where a tensor was expected: <paramref name="what"/> at <paramref name="position"/> (−1: no
    /// position).</summary>
    [DoesNotReturn]
    public static Tensor ArgumentNull_Tensor(string paramName, string what, int position) =>
        throw new ArgumentNullException(paramName, string.Create(CultureInfo.InvariantCulture,
            $"Expected a Tensor as {what}{(position >= 0 ? " " + position : "")}; got null."));

    [DoesNotReturn]
    public static void InvalidOperation_TensorBackwardShape(Tensor tensor) =>
        throw new InvalidOperationException(
            $"Backward() starts from a 1×1 tensor (a scalar loss); {Describe(tensor)} is {tensor.Shape}. Reduce it first, e.g. with Sum() or Mean().");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Target(string paramName, int row, int target, int classCount) =>
        throw new ArgumentOutOfRangeException(paramName, target, string.Create(CultureInfo.InvariantCulture,
            $"Expected a class index in [0, {classCount}) at row {row} ({classCount} classes, one per column of the logits); got {target}."));

    [DoesNotReturn]
    public static void Anomaly_TensorForward(Tensor node, int index)
    {
        var operands = new List<string>();
        foreach (var operand in node.Children)
            operands.Add(Describe(operand));
        throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture,
            $"Anomaly detected in forward: op '{node.Op}' on {string.Join(" and ", operands)} gave {Format.Python(node.Data[index])} " +
            $"at row {index / node.Columns}, column {index % node.Columns} of its {node.Shape} result."));
    }

    [DoesNotReturn]
    public static void Anomaly_TensorBackward(Tensor node, Tensor operand, int index) =>
        throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture,
            $"Anomaly detected in backward: op '{node.Op}' ({node.Shape} result) sent a non-finite gradient, " +
            $"{Format.Python(operand.Grad[index])}, to {Describe(operand)} at row {index / operand.Columns}, column {index % operand.Columns}."));

    private static string Describe(Tensor t) =>
        t.Label is null ? $"an unlabelled {t.Shape} tensor" : $"'{t.Label}' ({t.Shape})";
}
