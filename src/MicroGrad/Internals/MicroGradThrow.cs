using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MicroGrad;

/// <summary>Every throw of the library in one place (as Sep's <c>SepThrow</c>): <c>[DoesNotReturn]</c> methods named
/// <c>{Exception}_{Reason}</c> whose messages say what was expected and what was found. One partial file per area:
/// this one for the engine, files and pictures, <c>.Data</c>, <c>.NN</c>, <c>.Regression</c>. (Null arguments use
/// <c>ArgumentNullException.ThrowIfNull</c> directly, as the BCL does.)</summary>
[StackTraceHidden]
internal static partial class MicroGradThrow
{
    [DoesNotReturn]
    public static void DirectoryNotFound_Output(string path, string folder) =>
        throw new DirectoryNotFoundException($"Cannot write {Format.Quote(path)}: the folder {Format.Quote(folder)} does not exist.");

    [DoesNotReturn]
    public static void Anomaly_Forward(OpCode op, Value a, Value? b, double result)
    {
        var operands = Value.Arity(op) == 2 || op == OpCode.PowConst
            ? $"{Describe(a)} and {Describe(b!)}"
            : Describe(a);
        throw new ArithmeticException(
            $"Anomaly detected in forward: op '{Value.Symbol(op)}' on {operands} gave {Format.Python(result)}.");
    }

    [DoesNotReturn]
    public static void Anomaly_Backward(Value node)
    {
        var parts = new List<string>();
        foreach (var operand in node.Children)
            parts.Add($"{Describe(operand)} with grad {Format.Python(operand.Grad)}");
        throw new ArithmeticException(
            $"Anomaly detected in backward: op '{node.Op}' ({Describe(node)} with grad {Format.Python(node.Grad)}) " +
            $"sent a non-finite gradient to {string.Join(" and ", parts)}.");
    }

    [DoesNotReturn]
    public static void ArgumentOutOfRange(string paramName, object actual, string expected) =>
        throw new ArgumentOutOfRangeException(paramName, actual,
            string.Create(CultureInfo.InvariantCulture, $"Expected {expected}; got {(actual is double d ? Format.Python(d) : actual)}."));

    /// <summary>As <see cref="ArgumentOutOfRange(string, object, string)"/>, for switch expressions.</summary>
    [DoesNotReturn]
    public static T ArgumentOutOfRange<T>(string paramName, object actual, string expected)
    {
        ArgumentOutOfRange(paramName, actual, expected);
        return default;
    }

    [DoesNotReturn]
    public static void ArgumentOutOfRange_ZeroSeed(string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, 0UL,
            "Rng seed must be non-zero: 0 is a fixed point of xorshift and would draw 0 forever. Use any other seed, e.g. 42.");

    [DoesNotReturn]
    public static void ArgumentNull_Item(string paramName, string what, int position) =>
        throw new ArgumentNullException(paramName,
            string.Create(CultureInfo.InvariantCulture, $"Expected a Value as {what} {position}; got null."));

    [DoesNotReturn]
    public static void Argument_NullItem(string paramName, string what, int position, string items = "Values") =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{what} must hold {items}; found null at position {position}."), paramName);

    [DoesNotReturn]
    public static void Argument_NotInGraph(string paramName, int position, Value node) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Watched node {position} ({node}) is not part of the compiled graph."), paramName);

    [DoesNotReturn]
    public static void InvalidOperation_NoGraphRecorded(string operation) =>
        throw new InvalidOperationException(
            $"{operation} needs a recorded graph to differentiate twice, but it was called inside Value.NoGrad(), where ops record none. Call it outside that scope.");

    [DoesNotReturn]
    public static Value ArgumentNull_FunctionResult(string paramName) =>
        throw new ArgumentNullException(paramName, "The function returned null instead of a Value.");

    [DoesNotReturn]
    public static void Argument_CountMismatch(string paramName, string what, int expected, int actual, string per) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Expected {expected} {what} ({per}); got {actual}."), paramName);

    // Argument checks shared by every area (data sets, networks, engine).

    [DoesNotReturn]
    public static T ArgumentOutOfRange_Enum<TEnum, T>(string paramName, TEnum value)
        where TEnum : struct, Enum =>
        throw new ArgumentOutOfRangeException(paramName, value,
            $"Expected one of {string.Join(", ", Enum.GetNames<TEnum>())}; got {Convert.ToInt64(value, CultureInfo.InvariantCulture)}.");

    [DoesNotReturn]
    public static void Argument_InputWidth(string paramName, int expected, int actual, string module) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected an input of width {expected} for {module}; got {actual}."), paramName);

    [DoesNotReturn]
    public static void Argument_NotFinite(string paramName, string what, int index, double value) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Expected a finite {what} at index {index}; got {Format.Python(value)}."), paramName);

    [DoesNotReturn]
    public static void Argument_NotFinite(string paramName, string what, int row, int column, double value) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Expected a finite {what} at row {row}, column {column}; got {Format.Python(value)}."), paramName);

    [DoesNotReturn]
    public static void Argument_CountMismatch(string paramName, string what, int expected, int actual) =>
        Argument_CountMismatch(paramName, what, expected, actual, "one per sample");

    [DoesNotReturn]
    public static void Argument_EmptyDataSet(string paramName, string what) =>
        throw new ArgumentException($"Expected at least one {what}; got none (the data set is empty).", paramName);

    private static string Describe(Value v) =>
        $"{(v.Label is null ? "unlabelled value" : Format.Quote(v.Label))} (data {Format.Python(v.Data)})";
}
