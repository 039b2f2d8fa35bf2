using MicroGrad.Cli.Expressions;

namespace MicroGrad.Tests.Cli;

public class ExpressionTests
{
    private static Value Eval(string text, params (string Name, double Value)[] vars)
    {
        var leaves = new Dictionary<string, Value>();
        foreach (var (name, value) in vars)
            leaves[name] = new Value(value, name);
        return Expression.Parse(text).Build(leaves, text);
    }

    [Theory]
    // Oracle: Python's own evaluation of the same text (with ^ read as **).
    [InlineData("1 + 2 * 3", 7.0)]
    [InlineData("(1 + 2) * 3", 9.0)]
    [InlineData("-2**2", -4.0)]
    [InlineData("2**-1", 0.5)]
    [InlineData("2^3^2", 512.0)]
    [InlineData("8 / 4 / 2", 1.0)]
    [InlineData("1 - 2 - 3", -4.0)]
    [InlineData("1.5e2 + .5", 150.5)]
    [InlineData("--3", 3.0)]
    [InlineData("2**-1*4", 2.0)]
    [InlineData("-2**-2", -0.25)]
    [InlineData("2*3**2", 18.0)]
    [InlineData("2**2**-1", 1.4142135623730951)]
    [InlineData("-(1+2)*3", -9.0)]
    [InlineData("2 - -3 * -2", -4.0)]
    [InlineData("exp(0) * 2 + tanh(0)", 2.0)]
    public void Evaluates_like_python(string text, double expected) =>
        Assert.Equal(expected, Eval(text).Data);

    [Fact]
    public void Builds_one_op_per_operator_and_shares_variables()
    {
        var y = Eval("tanh(x*w + b)", ("x", 2), ("w", -3), ("b", 6.8813735870195432));
        Assert.Equal("tanh", y.Op);
        Assert.Equal("+", y.Children[0].Op);
        var sq = Eval("x**2 + x", ("x", 3));
        Assert.Equal("**2", sq.Children[0].Op);
        Assert.Same(sq.Children[1], sq.Children[0].Children[0]); // the same leaf x in both places
        Assert.Equal("**", Eval("x**y", ("x", 2), ("y", 3)).Op);
        // A literal exponent, negated or in parentheses, is micrograd's `**c`; anything else is a Value exponent.
        Assert.Equal("**-2", Eval("x**-2", ("x", 2)).Op);
        Assert.Equal("**-2", Eval("x**(-2)", ("x", 2)).Op);
        Assert.Equal("**", Eval("x**--2", ("x", 2)).Op);
    }

    [Fact]
    public void Lists_variables_in_order_of_appearance()
    {
        Assert.Equal(["x", "w", "b"], Expression.Parse("tanh(x*w + b) + x").Variables());
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("1 +", 3)]
    [InlineData("(1 + 2", 6)]
    [InlineData("foo(2)", 0)]
    [InlineData("2 $ 3", 2)]
    [InlineData("1 2", 2)]
    public void Reports_the_position_of_a_syntax_error(string text, int position)
    {
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.Equal(position, ex.Position);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var text = new string('(', 5000) + "1" + new string(')', 5000);
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.Contains("nests deeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_of_200_parentheses_and_calls_is_allowed_and_201_is_not()
    {
        var deepest = string.Concat(Enumerable.Repeat("tanh(", 100)) + new string('(', 100) + "0" + new string(')', 200);
        Assert.Equal(0.0, Eval(deepest).Data);
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse("(" + deepest + ")"));
        Assert.Contains("nests deeper than 200 levels", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(1 + 2", "Expected ')' to close the '(' at position 1, found the end of the expression.")]
    [InlineData("tanh(1 2)", "Expected ')' to close the '(' at position 5, found '2'.")]
    [InlineData("1)", "Expected an operator or the end of the expression, found ')'.")]
    [InlineData("1 + )", "Expected a number, a variable, a function or '(', found ')'.")]
    public void Syntax_errors_say_what_was_expected_and_found(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ExpressionException>(() => Expression.Parse(text)).Message);
}
