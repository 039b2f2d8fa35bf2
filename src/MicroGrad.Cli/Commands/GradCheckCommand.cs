using System.CommandLine;
using MicroGrad.Cli.Expressions;

namespace MicroGrad.Cli.Commands;

/// <summary><c>micrograd gradcheck EXPR --set ...</c>: analytic gradients (Backward) against central differences.</summary>
internal static class GradCheckCommand
{
    public static Command Create(CliContext context)
    {
        var expression = Variables.ExpressionArgument();
        var set = Variables.SetOption();
        var eps = CommonOptions.Number("--eps", "Finite-difference step.", GradCheck.DefaultEpsilon,
            "a positive finite number", CommonOptions.PositiveNumber);
        var atol = CommonOptions.Number("--atol", "Absolute tolerance.", GradCheck.DefaultAbsoluteTolerance,
            "a finite number ≥ 0", CommonOptions.NonNegativeNumber);
        var rtol = CommonOptions.Number("--rtol", "Relative tolerance.", GradCheck.DefaultRelativeTolerance,
            "a finite number ≥ 0", CommonOptions.NonNegativeNumber);
        var command = new Command("gradcheck",
            "Compare Backward()'s gradients with central finite differences (exit code 4 when they disagree).\n" +
            "Example: micrograd gradcheck \"tanh(x*w + b)\" --set x=2,w=-3,b=6.8813735870195432")
        {
            expression, set, eps, atol, rtol,
        };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(expression)!;
            var values = Variables.Parse(parse.GetValue(set)!);
            var parsed = Expression.Parse(text);
            Variables.Require(parsed, text, values);
            var names = parsed.Variables();
            var inputs = new double[names.Count];
            for (var i = 0; i < names.Count; i++)
                inputs[i] = values[names[i]];

            var report = GradCheck.Check(
                x =>
                {
                    var leaves = new Dictionary<string, Value>(StringComparer.Ordinal);
                    for (var i = 0; i < names.Count; i++)
                        leaves[names[i]] = x[i];
                    return parsed.Build(leaves, text);
                },
                inputs, parse.GetValue(eps), parse.GetValue(atol), parse.GetValue(rtol), names);
            context.Out.WriteLine(report.ToString());
            return report.Passed ? ExitCodes.Success : ExitCodes.GradCheckFailed;
        });
        return command;
    }
}
