using System.Runtime.ExceptionServices;
using MicroGrad.Cli.Expressions;

namespace MicroGrad.Tests.Cli;

/// <summary>Issue 15 items 1 and 11: long flat expressions parse, build and run through the CLI without recursion
/// (each test runs on a 256 KB stack, so any recursion left per operator overflows it and fails the run instead of
/// passing by luck on a large stack), an oversized one is refused by count, and error messages echo a bounded excerpt.</summary>
public class LongExpressionTests
{
    private const int Terms = 40_000;
    private const int SmallStack = 256 * 1024;

    private static readonly string FlatSum = string.Join('+', Enumerable.Repeat("x", Terms));
    private static readonly string FlatProduct = string.Join('*', Enumerable.Repeat("x", Terms));

    /// <summary>Runs <paramref name="action"/> on a thread with a small stack and rethrows what it threw.</summary>
    private static void OnSmallStack(Action action)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        }, SmallStack);
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    private static (double Data, double Grad) EvalWithGradient(string text, double x)
    {
        var leaf = new Value(x, "x");
        var y = Expression.Parse(text).Build(new Dictionary<string, Value> { ["x"] = leaf }, text);
        y.Backward();
        return (y.Data, leaf.Grad);
    }

    [Fact]
    public void A_40000_term_flat_sum_builds_and_back_propagates_on_a_small_stack() => OnSmallStack(() =>
    {
        // Closed form: x + x + … + x = 40000·x, d/dx = 40000 (exact in float64: integers below 2^53).
        var (data, grad) = EvalWithGradient(FlatSum, 1.5);
        Assert.Equal(Terms * 1.5, data);
        Assert.Equal(Terms, grad);
    });

    [Fact]
    public void A_40000_factor_product_builds_and_back_propagates_on_a_small_stack() => OnSmallStack(() =>
    {
        // Closed form: x^40000 at x = 1 is 1, d/dx = 40000·x^39999 = 40000 (every product and sum exact).
        var (data, grad) = EvalWithGradient(FlatProduct, 1.0);
        Assert.Equal(1.0, data);
        Assert.Equal(Terms, grad);
    });

    [Fact]
    public void Long_chains_of_unary_minus_and_power_need_no_recursion() => OnSmallStack(() =>
    {
        // Closed form: 40000 minus signs cancel, so -…-x = x with d/dx = 1.
        var negations = new string('-', Terms) + "x";
        Assert.Equal((2.0, 1.0), EvalWithGradient(negations, 2.0));
        // Closed form: x**x**…**x (right-associative) at x = 1 is 1; d/dx of x^g = g·x^(g−1) + x^g·ln(x)·g' = 1.
        var tower = string.Join("**", Enumerable.Repeat("x", 2_000));
        Assert.Equal((1.0, 1.0), EvalWithGradient(tower, 1.0));
    });

    [Fact]
    public void Graph_draws_a_40000_term_sum_through_the_cli() => OnSmallStack(() =>
    {
        var result = Cli.Run("graph", FlatSum, "--set", "x=1", "--format", "dot");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("digraph", result.Out, StringComparison.Ordinal);
        Assert.Contains("40000", result.Out, StringComparison.Ordinal); // the output value, 40000·1
    });

    [Fact]
    public void Gradcheck_checks_a_40000_term_sum_through_the_cli() => OnSmallStack(() =>
    {
        var result = Cli.Run("gradcheck", FlatSum, "--set", "x=1");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("passed", result.Out, StringComparison.Ordinal);
    });

    [Fact]
    public void More_than_a_million_operators_is_exit_2_naming_the_limit_and_the_count()
    {
        // 1,000,002 terms, 1,000,001 operators: refused by counting, before any parsing or graph building.
        var text = string.Create(2_000_003, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = i % 2 == 0 ? 'x' : '+';
        });
        foreach (var command in new[] { "graph", "gradcheck" })
        {
            var result = Cli.Run(command, text, "--set", "x=1");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("1,000,001 operators", result.Error, StringComparison.Ordinal);
            Assert.Contains("the limit is 1,000,000", result.Error, StringComparison.Ordinal);
            Assert.True(result.Error.Length < 400, result.Error);
        }
    }

    [Fact]
    public void A_sum_of_20000_two_argument_calls_builds_and_back_propagates_on_a_small_stack() => OnSmallStack(() =>
    {
        // Closed form: max(x, 1) = x at x = 2, so the sum is 20000·2 = 40000 and d/dx = 20000 (exact in float64).
        var text = string.Join(" + ", Enumerable.Repeat("max(x, 1)", 20_000));
        Assert.Equal((40_000.0, 20_000.0), EvalWithGradient(text, 2.0));
    });

    [Fact]
    public void A_million_operators_is_within_the_limit()
    {
        var text = string.Join('+', Enumerable.Repeat("1", Expression.MaxOperators + 1));
        var e = Expression.Parse(text);
        Assert.Equal((double)Expression.MaxOperators + 1, e.Build(new Dictionary<string, Value>(), text).Data);
    }

    [Theory]
    [InlineData("$")]   // a bad token
    [InlineData("2 3")] // an operand where an operator belongs
    [InlineData(")")]   // a ')' with no '('
    public void A_bad_token_deep_in_a_long_expression_is_echoed_as_a_short_excerpt_with_a_caret(string bad)
    {
        // The bad token starts at position 50,000 of a ~60 KB expression.
        var text = string.Concat(FlatSum.AsSpan(0, 49_999), "+", bad, FlatSum.AsSpan(0, 10_000));
        Assert.Equal(bad, text.Substring(50_000, bad.Length));
        var result = Cli.Run("graph", text, "--set", "x=1");
        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Length < 300, $"{result.Error.Length} characters: {result.Error}");
        var lines = result.Error.TrimEnd().Split('\n');
        var excerpt = lines[^2];
        var caret = lines[^1];
        Assert.EndsWith("^", caret, StringComparison.Ordinal);
        Assert.Equal(caret.Length - 1, caret.IndexOf('^', StringComparison.Ordinal));
        var position = Assert.IsType<ExpressionException>(Record.Exception(() => Expression.Parse(text))).Position;
        Assert.Equal(text[position], excerpt[caret.Length - 1]); // the caret points at the offending character
        Assert.Contains($"of {text.Length:N0}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_names_and_numbers_in_messages_are_shortened()
    {
        var name = new string('v', 60_000);
        var unknown = Cli.Run("graph", name + "(1)");
        Assert.Equal(2, unknown.ExitCode);
        Assert.True(unknown.Error.Length < 400, unknown.Error);
        var unset = Cli.Run("graph", "x + " + name, "--set", "x=1");
        Assert.Equal(2, unset.ExitCode);
        Assert.True(unset.Error.Length < 400, unset.Error);
        var number = Cli.Run("graph", string.Join('.', Enumerable.Repeat("1", 30_000)));
        Assert.Equal(2, number.ExitCode);
        Assert.True(number.Error.Length < 400, number.Error);
    }

    [Fact]
    public void A_short_expression_is_echoed_whole_with_a_tab_escaped_and_the_caret_under_the_problem()
    {
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse("1 +\t$"));
        Assert.Equal("Expected a number, a variable, a function or '(', found '$'.\n  1 +\\t$\n       ^", ex.Describe());
    }
}
