using System.CommandLine;
using MicroGrad.Cli.Expressions;

namespace MicroGrad.Cli.Commands;

/// <summary><c>micrograd gradcheck EXPR --set ... [--order 2]</c>: analytic gradients (Backward) against central
/// differences, or with <c>--order 2</c> second derivatives (<see cref="GradCheck.CheckSecondOrder"/>) against central
/// differences of the gradient.</summary>
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
        var order = CommonOptions.Number("--order",
            "1: gradients against central differences of the expression; 2: second derivatives (gradients of the " +
            "gradient) against central differences of the gradient, one row per pair of variables.", 1,
            "1 (gradients) or 2 (second derivatives)", token => token is "1" ? 1 : token is "2" ? 2 : (int?)null);
        var command = new Command("gradcheck",
            "Compare Backward()'s gradients with central finite differences, or with --order 2 the second derivatives " +
            "with central differences of the gradient (exit code 4 when they disagree).\n" +
            "Example: micrograd gradcheck \"tanh(x*w + b)\" --set x=2,w=-3,b=6.8813735870195432\n" +
            "Example: micrograd gradcheck \"x**3 * y + sin(x*y)\" --set x=1.5,y=-2 --order 2")
        {
            expression, set, eps, atol, rtol, order,
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

            Value Function(IReadOnlyList<Value> x)
            {
                var leaves = new Dictionary<string, Value>(StringComparer.Ordinal);
                for (var i = 0; i < names.Count; i++)
                    leaves[names[i]] = x[i];
                return parsed.Build(leaves, text);
            }
            var report = parse.GetValue(order) == 2
                ? GradCheck.CheckSecondOrder(Function, inputs, parse.GetValue(eps), parse.GetValue(atol), parse.GetValue(rtol), names)
                : GradCheck.Check(Function, inputs, parse.GetValue(eps), parse.GetValue(atol), parse.GetValue(rtol), names);
            context.Out.WriteLine(report.ToString());
            return report.Passed ? ExitCodes.Success : ExitCodes.GradCheckFailed;
        });
        return command;
    }
}
