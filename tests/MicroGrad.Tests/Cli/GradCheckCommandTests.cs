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
    public void Help_shows_an_example()
    {
        var r = Cli.Run("gradcheck", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Example: micrograd gradcheck", r.Out, StringComparison.Ordinal);
    }
}
