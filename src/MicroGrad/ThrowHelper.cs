using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MicroGrad;

/// <summary>Every throw of the engine in one place (as in Sep): named <c>{Exception}_{Reason}</c>, messages that say
/// what was expected and what was found.</summary>
[StackTraceHidden]
internal static class ThrowHelper
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
