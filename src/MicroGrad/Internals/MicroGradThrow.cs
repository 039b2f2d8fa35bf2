using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MicroGrad;

/// <summary>Every throw of the library in one place (as Sep's <c>SepThrow</c>): <c>[DoesNotReturn]</c> methods named
/// <c>{Exception}_{Reason}</c> whose messages say what was expected and what was found. One partial file per area:
/// this one for the engine, <c>.NN</c>, <c>.Regression</c>.</summary>
[StackTraceHidden]
internal static partial class MicroGradThrow
{
    [DoesNotReturn]
    public static void Anomaly_Forward(OpCode op, Value a, Value? b, double result)
    {
        var operands = op.Arity() == 2 || op == OpCode.PowConst
            ? $"{Describe(a)} and {Describe(b!)}"
            : Describe(a);
        throw new ArithmeticException(
            $"Anomaly detected in forward: op '{op.Symbol()}' on {operands} gave {Format.Python(result)}.");
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
            string.Create(CultureInfo.InvariantCulture, $"Expected {expected}; got {actual}."));

    private static string Describe(Value v) =>
        $"{(v.Label is null ? "unlabelled value" : $"'{v.Label}'")} (data {Format.Python(v.Data)})";
}
