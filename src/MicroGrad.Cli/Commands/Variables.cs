using System.CommandLine;
using System.Globalization;
using MicroGrad.Cli.Expressions;

namespace MicroGrad.Cli.Commands;

/// <summary>The expression argument and <c>--set name=value,...</c> shared by <c>graph</c> and <c>gradcheck</c>.</summary>
internal static class Variables
{
    public static Argument<string> ExpressionArgument() => new("expression")
    {
        Description = "An expression: numbers, variables, + - * /, ** or ^, unary minus, parentheses, " +
            "exp log tanh relu sigmoid abs sqrt sin cos log1p softplus sign, max(a, b) min(a, b). " +
            "At most 1,000,000 operators; parentheses and calls nest at most 200 deep. " +
            "Put -- before an expression that starts with '-'.",
    };

    public static Option<string[]> SetOption() => new("--set", "-s")
    {
        Description = "Variable values, name=value, separated by commas or given as repeated options (e.g. --set x=2,w=-3).",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [],
    };

    /// <summary>Parses every <c>name=value</c> of <c>--set</c>.</summary>
    /// <exception cref="CliException">A pair is malformed (exit code 1).</exception>
    public static Dictionary<string, double> Parse(string[] assignments)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in assignments)
        {
            foreach (var pair in item.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !double.TryParse(pair.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                    throw new CliException(ExitCodes.Usage, $"--set expects name=finite number (e.g. x=2.5), found {Format.Quote(pair)}.");
                var name = pair[..eq].Trim();
                if (!values.TryAdd(name, v))
                    throw new CliException(ExitCodes.Usage, $"--set gives {Format.Quote(name)} twice; give each variable one value.");
            }
        }
        return values;
    }

    /// <summary>Checks that every variable of the expression has a value, pointing at the first one that has none.</summary>
    public static void Require(Expression expression, string text, IReadOnlyDictionary<string, double> values)
    {
        foreach (var name in expression.Variables())
        {
            if (!values.ContainsKey(name))
            {
                var at = FindVariable(text, name);
                throw new ExpressionException(ExpressionException.NoValueMessage(name), text, at);
            }
        }
    }

    private static int FindVariable(string text, string name)
    {
        for (var i = text.IndexOf(name, StringComparison.Ordinal); i >= 0; i = text.IndexOf(name, i + 1, StringComparison.Ordinal))
        {
            var before = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
            var after = i + name.Length >= text.Length || !char.IsLetterOrDigit(text[i + name.Length]);
            if (before && after)
                return i;
        }
        return 0;
    }
}
