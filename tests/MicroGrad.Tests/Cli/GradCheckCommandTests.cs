namespace MicroGrad.Tests.Cli;

public class GradCheckCommandTests
{
    [Fact]
    public void The_lecture_neuron_passes_and_prints_each_variable()
    {
        var r = Cli.Run("gradcheck", "tanh(x*w + b)", "--set", "x=2,w=-3,b=6.8813735870195432");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("gradcheck passed", r.Out, StringComparison.Ordinal);
        // PyTorch float64 (lecture): d tanh(xw + b)/dx = w (1 - o^2) = -1.5, /dw = 1, /db = 0.5.
        Assert.Matches(@"(?m)^x\s+2\s+-1\.5\s", r.Out);
        Assert.Matches(@"(?m)^w\s+-3\s+1\s", r.Out);
        Assert.Matches(@"(?m)^b\s+6\.88137\s+0\.5\s", r.Out); // six digits, as the tools other tables
        Assert.Equal("", r.Error);
    }

    [Fact]
    public void A_long_variable_name_widens_its_column()
    {
        // Calculus: d(rate*x)/d rate = x = 3, d/dx = rate = 2.
        var r = Cli.Run("gradcheck", "learning_rate*x", "--set", "learning_rate=2,x=3");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"(?m)^learning_rate\s+2\s+3\s", r.Out);
        Assert.Matches(@"(?m)^x\s+3\s+2\s", r.Out);
    }

    [Fact]
    public void A_kink_fails_with_exit_code_4()
    {
        // relu at 0: Backward gives 0 (PyTorch's convention), the central difference gives 0.5.
        var r = Cli.Run("gradcheck", "relu(x)", "--set", "x=0");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("FAIL", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_gradient_fails_with_exit_code_4_and_says_where()
    {
        // sqrt(-4) is NaN (IEEE 754); torch.autograd.gradcheck fails on it (torch.allclose's equal_nan=False).
        var r = Cli.Run("gradcheck", "x**0.5", "--set", "x=-4");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("FAIL  function value is nan", r.Out, StringComparison.Ordinal);
        Assert.Contains("gradcheck FAILED: function value is nan", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_written_in_one_format()
    {
        // Calculus: d(x^3 y)/dx = 3x^2 y = -0.0006 and d/dy = x^3 = 1e-06 at (0.01, -2), printed as Python's '%g'
        // (the tool's Format.Short), not as 1E-06 beside -0.000600000001999466.
        var r = Cli.Run("gradcheck", "x**3*y", "--set", "x=0.01,y=-2");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"(?m)^x\s+0\.01\s+-0\.0006\s+-0\.0006\s+\d\.\d+e-\d\d\s+ok", r.Out);
        Assert.Matches(@"(?m)^y\s+-2\s+1e-06\s+1e-06\s", r.Out);
        Assert.DoesNotMatch("[0-9]E[-+]", r.Out);
    }

    [Fact]
    public void An_expression_may_start_with_a_minus_after_double_dash()
    {
        // d(-x^2)/dx = -2x = -6 at x = 3 (calculus).
        var r = Cli.Run("gradcheck", "--set", "x=3", "--", "-x**2");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"(?m)^x\s+3\s+-6\s", r.Out);
    }

    [Fact]
    public void An_unset_variable_is_an_input_error_pointing_at_it()
    {
        var r = Cli.Run("gradcheck", "x**2 + y", "--set", "x=2");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Variable 'y' has no value", r.Error, StringComparison.Ordinal);
        Assert.Contains("  x**2 + y\n         ^", r.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_expression_is_an_input_error_with_its_position()
    {
        var r = Cli.Run("gradcheck", "x +* 2", "--set", "x=2");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("found '*'", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public void A_malformed_set_is_a_usage_error()
    {
        var r = Cli.Run("gradcheck", "x", "--set", "x:2");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--set expects name=finite number", r.Error, StringComparison.Ordinal);
        Assert.Contains("micrograd gradcheck --help", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_set_twice_is_a_usage_error()
    {
        var r = Cli.Run("gradcheck", "x", "--set", "x=1,x=2");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--set gives 'x' twice", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--eps", "-1", "--eps expects a positive finite number; found '-1'.")]
    [InlineData("--eps", "0", "--eps expects a positive finite number; found '0'.")]
    [InlineData("--atol", "abc", "--atol expects a finite number ≥ 0; found 'abc'.")]
    [InlineData("--rtol", "NaN", "--rtol expects a finite number ≥ 0; found 'NaN'.")]
    [InlineData("--eps", "NaN", "--eps expects a positive finite number; found 'NaN'.")]
    [InlineData("--eps", "Infinity", "--eps expects a positive finite number; found 'Infinity'.")]
    [InlineData("--atol", "-1", "--atol expects a finite number ≥ 0; found '-1'.")]
    [InlineData("--rtol", "-1", "--rtol expects a finite number ≥ 0; found '-1'.")]
    public void A_bad_tolerance_is_a_usage_error_naming_the_option(string option, string value, string message)
    {
        var r = Cli.Run("gradcheck", "x*x", "--set", "x=2", option, value);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error_with_a_pointer_to_help()
    {
        var r = Cli.Run("gradcheck", "x", "--bogus");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--bogus", r.Error, StringComparison.Ordinal);
        Assert.Contains("See 'micrograd gradcheck --help'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_2_checks_every_pair_of_variables_and_prints_their_second_derivatives()
    {
        // f = x³y + sin(xy) at (1.5, −2). The pass is decided by central differences of the gradient (the check's
        // oracle); the printed values are calculus: f_xx = 6xy − y²·sin(xy) = −18 + 4·sin 3 = −17.43551…,
        // f_xy = f_yx = 3x² + cos(xy) − xy·sin(xy) = 6.75 + cos 3 − 3·sin 3 = 5.33665…, f_yy = −x²·sin(xy) = 2.25·sin 3
        // = 0.317520… (Python math.sin/math.cos), printed to six digits.
        var r = Cli.Run("gradcheck", "x**3 * y + sin(x*y)", "--set", "x=1.5,y=-2", "--order", "2");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Error);
        var rows = r.Out.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal(6, rows.Length);
        Assert.Matches(@"^second derivative\s+analytic\s+numeric\s+error\s+result$", rows[0]);
        Assert.Matches(@"^∂²/∂x²\s+-17\.4355\s+-17\.4355\s+\S+\s+ok$", rows[1]);
        Assert.Matches(@"^∂²/∂x∂y\s+5\.33665\s+5\.33665\s+\S+\s+ok$", rows[2]);
        Assert.Matches(@"^∂²/∂y∂x\s+5\.33665\s+5\.33665\s+\S+\s+ok$", rows[3]);
        Assert.Matches(@"^∂²/∂y²\s+0\.31752\s+0\.31752\s+\S+\s+ok$", rows[4]);
        Assert.Equal("second-order gradcheck passed (eps 1e-06, atol 1e-05, rtol 0.001)", rows[5]);
    }

    [Fact]
    public void Order_2_fails_with_exit_code_4_where_the_second_derivative_jumps()
    {
        // x·relu(x) is x² above 0 and 0 below: f'(0) = 0 from both sides, so order 1 passes, but f'' jumps from 0 to 2.
        // The central difference of f' = 2·relu(x) at 0 is 1 (calculus); the gradient graph gives 0, as PyTorch's
        // gradgradcheck would find (its ReLU derivative is 0 at 0).
        Assert.Equal(0, Cli.Run("gradcheck", "x*relu(x)", "--set", "x=0").ExitCode);

        var r = Cli.Run("gradcheck", "x*relu(x)", "--set", "x=0", "--order", "2");
        Assert.Equal(4, r.ExitCode);
        Assert.Matches(@"(?m)^∂²/∂x²\s+0\s+1\s+1\s+FAIL  error > atol \+ rtol·\|numeric\|$", r.Out);
        Assert.Contains("second-order gradcheck FAILED", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_2_says_where_a_nan_appears()
    {
        // sqrt(−4) is NaN (IEEE 754): every pair fails on the function value, and the exit code is 4 as for order 1.
        var r = Cli.Run("gradcheck", "sqrt(x) * y", "--set", "x=-4,y=1", "--order", "2");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("FAIL  function value is nan", r.Out, StringComparison.Ordinal);
        Assert.Contains("second-order gradcheck FAILED: function value is nan", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_1_is_the_default_and_may_be_given()
    {
        var byDefault = Cli.Run("gradcheck", "x*y", "--set", "x=2,y=3");
        var explicitly = Cli.Run("gradcheck", "x*y", "--set", "x=2,y=3", "--order", "1");
        Assert.Equal(0, explicitly.ExitCode);
        Assert.Equal(byDefault.Out, explicitly.Out);
        Assert.StartsWith("input ", explicitly.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("2.0")]
    [InlineData("two")]
    public void Any_order_but_1_or_2_is_a_usage_error(string order)
    {
        var r = Cli.Run("gradcheck", "x*x", "--set", "x=2", "--order", order);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--order expects 1 (gradients) or 2 (second derivatives); found '{order}'.", r.Error, StringComparison.Ordinal);
        Assert.Contains("See 'micrograd gradcheck --help'", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }

    [Theory]
    // Every function of the parser at a smooth point, each passing both orders against central differences.
    [InlineData("abs(x) * sqrt(y) + sin(x) * cos(y)", "x=-0.7,y=2.25")]
    [InlineData("log1p(x*y) + softplus(x - y) + sign(x) * x**2", "x=0.5,y=0.3")]
    [InlineData("max(x*y, y) + min(x, -y) * exp(x)", "x=1.5,y=-2")]
    [InlineData("log(x) + tanh(y) * relu(x) + sigmoid(x*y)", "x=1.5,y=-2")]
    public void The_new_functions_pass_both_orders(string expression, string set)
    {
        foreach (var order in new[] { "1", "2" })
        {
            var r = Cli.Run("gradcheck", expression, "--set", set, "--order", order);
            Assert.True(r.ExitCode == 0, $"order {order}:\n{r.Out}{r.Error}");
        }
    }

    [Fact]
    public void A_wrong_argument_count_is_an_input_error_pointing_at_it()
    {
        var r = Cli.Run("gradcheck", "max(x) + exp(x)", "--set", "x=2");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("max(a, b) takes two arguments; found ')' after one argument.\n  max(x) + exp(x)\n       ^",
            r.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var comma = Cli.Run("gradcheck", "exp(x, y)", "--set", "x=2,y=1", "--order", "2");
        Assert.Equal(2, comma.ExitCode);
        Assert.Contains("exp(x) takes one argument; found ',' before argument 2.\n  exp(x, y)\n       ^",
            comma.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_functions_and_the_order_option()
    {
        var r = Cli.Run("gradcheck", "--help");
        Assert.Contains("exp log tanh relu sigmoid abs sqrt sin cos log1p softplus sign, max(a, b) min(a, b)", r.Out, StringComparison.Ordinal);
        Assert.Contains("--order", r.Out, StringComparison.Ordinal);
        Assert.Contains("--order 2", r.Out, StringComparison.Ordinal); // the example
    }

    [Fact]
    public void Help_shows_an_example()
    {
        var r = Cli.Run("gradcheck", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Example: micrograd gradcheck", r.Out, StringComparison.Ordinal);
    }
}
