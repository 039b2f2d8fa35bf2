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

    // The functions issue 13 added, each against the same op called by hand on the same leaves (the oracle: the
    // library's own method, so the parser is checked for choosing the op and wiring its operands, not for arithmetic).
    public static TheoryData<string, double, double> NewFunctions() => new()
    {
        { "abs(x)", -0.7, 0.0 },
        { "sqrt(x)", 2.25, 0.0 },
        { "sin(x)", 0.3, 0.0 },
        { "cos(x)", -2.2, 0.0 },
        { "log1p(x)", -0.25, 0.0 },
        { "softplus(x)", 3.0, 0.0 },
        { "sign(x)", -0.7, 0.0 },
        { "max(x, y)", 1.5, -2.0 },
        { "min(x, y)", 1.5, -2.0 },
        { "max(y, x)", 1.5, -2.0 },
        { "min( x ,y )", -1.5, 2.0 },
    };

    [Theory]
    [MemberData(nameof(NewFunctions))]
    public void Each_new_function_builds_its_op_on_the_leaves_in_order(string text, double x, double y)
    {
        var vx = new Value(x, "x");
        var vy = new Value(y, "y");
        var built = Expression.Parse(text).Build(new Dictionary<string, Value> { ["x"] = vx, ["y"] = vy }, text);

        var name = text[..text.IndexOf('(', StringComparison.Ordinal)];
        var byHand = name switch
        {
            "abs" => vx.Abs(),
            "sqrt" => vx.Sqrt(),
            "sin" => vx.Sin(),
            "cos" => vx.Cos(),
            "log1p" => vx.Log1p(),
            "softplus" => vx.Softplus(),
            "sign" => vx.Sign(),
            "max" => text.Contains("(y", StringComparison.Ordinal) ? Value.Max(vy, vx) : Value.Max(vx, vy),
            _ => Value.Min(vx, vy),
        };
        AssertSameGraph(byHand, built);
        Assert.Equal(name, built.Op);
    }

    [Fact]
    public void New_functions_nest_and_take_expressions_as_arguments()
    {
        const string text = "max(x*y, -y) + min(sqrt(x), softplus(-x**2)) * abs(sin(y) - cos(x))";
        var x = new Value(1.5, "x");
        var y = new Value(-2.0, "y");
        var built = Expression.Parse(text).Build(new Dictionary<string, Value> { ["x"] = x, ["y"] = y }, text);
        var byHand = Value.Max(x * y, -y) + Value.Min(x.Sqrt(), (-x.Pow(2)).Softplus()) * (y.Sin() - x.Cos()).Abs();
        AssertSameGraph(byHand, built);
        Assert.Equal(["x", "y"], Expression.Parse(text).Variables());
    }

    /// <summary>Same op, same data (bit for bit) and same children, recursively; leaves must be the same objects.</summary>
    private static void AssertSameGraph(Value expected, Value actual)
    {
        Assert.Equal(expected.Op, actual.Op);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Data), BitConverter.DoubleToInt64Bits(actual.Data));
        Assert.Equal(expected.Children.Count, actual.Children.Count);
        if (expected.Children.Count == 0 && expected.Label is not null)
            Assert.Same(expected, actual);
        for (var i = 0; i < expected.Children.Count; i++)
            AssertSameGraph(expected.Children[i], actual.Children[i]);
    }

    [Theory]
    [InlineData("max(x)", 5, "max(a, b) takes two arguments; found ')' after one argument.")]
    [InlineData("min( x + 1 )", 11, "min(a, b) takes two arguments; found ')' after one argument.")]
    [InlineData("exp(x, y)", 5, "exp(x) takes one argument; found ',' before argument 2.")]
    [InlineData("sqrt(max(x, y), 2)", 14, "sqrt(x) takes one argument; found ',' before argument 2.")]
    [InlineData("max(x, y, z)", 8, "max(a, b) takes two arguments; found ',' before argument 3.")]
    [InlineData("max()", 4, "Expected a number, a variable, a function or '(', found ')'.")]
    [InlineData("max(x, )", 7, "Expected a number, a variable, a function or '(', found ')'.")]
    [InlineData("max(x,", 6, "Expected a number, a variable, a function or '(', found the end of the expression.")]
    [InlineData("max(x, y", 8, "Expected ')' to close the '(' at position 4, found the end of the expression.")]
    [InlineData("(x, y)", 2, "Expected ')' to close the '(' at position 1, found ','.")]
    [InlineData("max((x, y))", 6, "Expected ')' to close the '(' at position 5, found ','.")]
    [InlineData("x, y", 1, "Expected an operator or the end of the expression, found ','.")]
    public void A_wrong_number_of_arguments_or_a_stray_comma_is_an_error_at_its_position(string text, int position, string message)
    {
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.Equal(message, ex.Message);
        Assert.Equal(position, ex.Position);
    }

    [Fact]
    public void An_unknown_function_lists_every_function()
    {
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse("atan(x)"));
        Assert.Equal("Unknown function 'atan'; the functions are exp, log, tanh, relu, sigmoid, abs, sqrt, sin, cos, log1p, " +
            "softplus, sign, max, min.", ex.Message);
        Assert.Equal(0, ex.Position);
    }

    [Fact]
    public void A_two_argument_call_is_one_level_of_nesting()
    {
        // 100 nested max calls and 100 parentheses reach the limit of 200 levels; one more '(' passes it.
        var deepest = string.Concat(Enumerable.Repeat("max(0, ", 100)) + new string('(', 100) + "1" + new string(')', 200);
        Assert.Equal(1.0, Eval(deepest).Data); // max(0, 1) = 1 at every level
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse("(" + deepest + ")"));
        Assert.Contains("nests deeper than 200 levels", ex.Message, StringComparison.Ordinal);
    }
}
