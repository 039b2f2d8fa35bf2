using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MicroGrad.Cli.Expressions;
using Xunit.Abstractions;

namespace MicroGrad.Tests.Fuzzing;

/// <summary>Issue 15, item 18: the expression parser behind <c>graph</c> and <c>gradcheck</c> on random token
/// streams, and on long flat and deep expressions. Each text parses and builds its graph (every variable given a
/// value), or fails with an <see cref="ExpressionException"/> (the documented type) whose description — message,
/// excerpt and caret — is under 1 KB and has no control character.</summary>
public sealed class ExpressionFuzzTests(ITestOutputHelper output)
{
    private static readonly Gen<string> Token = Gen.Frequency(
        (6, Gen.Elements("x", "y", "w", "b", "x1", "_t")),
        (6, Gen.Elements("1", "2", "0", "0.5", ".5", "3.", "1e3", "2E-2", "1e", "1e+", "1.2.3", "00", "1e999", "9" + new string('9', 400))),
        (10, Gen.Elements("+", "-", "*", "/", "**", "^", "-", "--")),
        (5, Gen.Elements("(", ")", "(", ")")),
        (3, Gen.Elements("exp(", "log(", "tanh(", "relu(", "sigmoid(", "sin(", "exp", "f(")),
        (3, Gen.Elements("max(", "min(", ",", "abs(", "sqrt(", "cos(", "log1p(", "softplus(", "sign(", "max", "min(x,")),
        (3, Gen.Elements(" ", "  ", "\t", "\n", "\r\n", "\u00a0")),
        (1, Gen.Elements("$", "=", "\0", "\u001b", "é", "π", "１", "\ud83d\ude00", "\ud800", "#", "[", "]", "'", "\"")));

    /// <summary>Random token streams, and sometimes a long flat chain of operators or a deep nest of parentheses,
    /// calls or unary minuses (some past the 200 levels of nesting the parser allows).</summary>
    private static readonly Gen<string> Text = Gen.Frequency(
        (40, Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Token, n)).Select(tokens => string.Concat(tokens))),
        (1, Gen.Zip(Gen.Choose(1, 20_000), Gen.Elements("+", "-", "*", "/", "**", "^"))
            .Select(t => string.Join(t.Item2, Enumerable.Repeat("x", t.Item1)))),
        (1, Gen.Zip(Gen.Choose(1, 400), Gen.Elements("(", "exp(", "-(", "tanh(-", "max(x,", "min(1,-"))
            .Select(t => string.Concat(Enumerable.Repeat(t.Item2, t.Item1)) + "x" + new string(')', t.Item1))),
        (1, Gen.Choose(1, 50_000).Select(n => new string('-', n) + "x")));

    [Fact]
    public void Every_text_parses_and_builds_or_fails_with_a_short_ExpressionException()
    {
        var parsed = Fuzz.Run(output, "expression parser", Text, Fuzz.Show, text =>
            Fuzz.ParsesOrThrows<ExpressionException>(() =>
            {
                var expression = Expression.Parse(text);
                var values = new Dictionary<string, Value>(StringComparer.Ordinal);
                foreach (var name in expression.Variables())
                    values[name] = new Value(0.5, label: name);
                var graph = expression.Build(values, text);
                graph.Backward();
            }, ex => ex.Describe()));
        Assert.InRange(parsed, Fuzz.Cases / 100, Fuzz.Cases - Fuzz.Cases / 100);
    }
}
