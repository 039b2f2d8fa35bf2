using FsCheck;
using FsCheck.Xunit;

namespace MicroGrad.Tests.Engine;

public class GradCheckTests
{
    // Property: for hundreds of seeded random expressions over all ops, Backward() equals central finite
    // differences (the oracle) within torch.autograd.gradcheck's default tolerances. Replay fixes FsCheck's seeds.
    [Property(MaxTest = 400, Replay = "(20261126,7)")]
    public bool Backward_matches_finite_differences_on_random_expressions(PositiveInt seed)
    {
        var s = (ulong)seed.Get;
        var report = GradCheck.Check(RandomExpressions.Create(s), RandomExpressions.Inputs(s));
        return report.Passed || Fail(report, s);
    }

    private static bool Fail(GradCheckReport report, ulong seed) =>
        throw new Xunit.Sdk.XunitException($"seed {seed}:\n{report}");

    [Fact]
    public void Passes_on_the_lecture_neuron()
    {
        var report = GradCheck.Check(
            x => (x[0] * x[1] + x[2] * x[3] + x[4]).Tanh(),
            [2.0, -3.0, 0.0, 1.0, 6.8813735870195432]);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(5, report.Entries.Count);
        // PyTorch float64: d tanh(n)/dx1 = w1 (1 - o^2) = -1.5.
        Assert.Equal(-1.5, report.Entries[0].Analytic, 12);
    }

    [Fact]
    public void Fails_with_a_useful_report_on_a_wrong_derivative()
    {
        // x * detach(x) hides one path from Backward: analytic 3 where d(x^2)/dx = 6 numerically.
        var report = GradCheck.Check(x => x[0] * x[0].Detach() + x[1], [3.0, 1.0]);

        Assert.False(report.Passed);
        Assert.False(report.Entries[0].Passed);
        Assert.True(report.Entries[1].Passed);
        Assert.Equal(3.0, report.Entries[0].Analytic);
        Assert.Equal(6.0, report.Entries[0].Numeric, 6);
        var text = report.ToString();
        Assert.Contains("FAIL", text, StringComparison.Ordinal);
        Assert.Contains("x0", text, StringComparison.Ordinal);
        Assert.Contains("gradcheck FAILED", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_infinite_numeric_gradient_is_not_a_pass()
    {
        // x^y at (0, 0): the central difference in y is (0^eps − 0^-eps)/(2 eps) = (0 − ∞)/… = −∞, while PyTorch's
        // analytic d/dy is 0 there; an infinite error must fail, not compare ∞ ≤ ∞.
        var report = GradCheck.Check(x => x[0].Pow(x[1]), [0.0, 0.0]);
        Assert.False(report.Passed);
        Assert.False(report.Entries[1].Passed);
        Assert.True(double.IsInfinity(report.Entries[1].Numeric));
    }

    // Oracle for the non-finite cases: torch.autograd.gradcheck compares with torch.allclose, whose default
    // equal_nan=False makes NaN unequal to NaN, so a NaN anywhere fails; an infinity fails as the error |∞ − ∞| is NaN.
    [Fact]
    public void A_nan_function_value_fails_and_says_so()
    {
        // sqrt(-4) is NaN (IEEE 754); today's NaN-vs-NaN gradients must not pass.
        var report = GradCheck.Check(x => x[0].Pow(0.5), [-4.0]);
        Assert.False(report.Passed);
        Assert.False(report.Entries[0].Passed);
        Assert.Equal("function value is nan", report.Entries[0].Failure);
        var text = report.ToString();
        Assert.Contains("FAIL  function value is nan", text, StringComparison.Ordinal);
        Assert.Contains("gradcheck FAILED: function value is nan", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_input_fails_and_says_so()
    {
        var report = GradCheck.Check(x => x[0] * x[0], [double.NaN]);
        Assert.False(report.Passed);
        Assert.Equal("input is nan", report.Entries[0].Failure);
    }

    [Fact]
    public void Equal_infinite_gradients_fail_and_say_which()
    {
        // f(x) = x·1e300·1e10 at 0 is 0, but the chain rule's 1e300·1e10 overflows to +inf (IEEE 754), and so does
        // the central difference (1e304 + 1e304)/2e-6: both gradients +inf, which allclose does not call a pass.
        var report = GradCheck.Check(x => x[0] * 1e300 * 1e10, [0.0]);
        Assert.Equal(0.0, report.Output);
        Assert.True(double.IsPositiveInfinity(report.Entries[0].Analytic));
        Assert.True(double.IsPositiveInfinity(report.Entries[0].Numeric));
        Assert.False(report.Passed);
        Assert.Equal("analytic gradient is inf", report.Entries[0].Failure);
    }

    [Fact]
    public void A_nan_numeric_gradient_is_named()
    {
        var report = GradCheck.Check(x => x[0].Pow(x[1]), [0.0, 0.0]);
        Assert.Equal("numeric gradient is -inf", report.Entries[1].Failure);
        Assert.Contains("FAIL  numeric gradient is -inf", report.ToString(), StringComparison.Ordinal);
        Assert.Null(report.Entries[0].Failure);
    }

    [Fact]
    public void A_nan_value_fails_even_with_no_input()
    {
        var report = GradCheck.Check(_ => new Value(double.NaN), []);
        Assert.False(report.Passed);
        Assert.Contains("gradcheck FAILED: function value is nan", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_tensor_element_fails_and_says_so()
    {
        // tanh(NaN) is NaN: value, analytic and numeric gradient are all NaN, which torch.allclose calls unequal.
        var report = GradCheck.Check(t => t[0].Tanh().Sum(), [new Tensor(1, 2, [0.5, double.NaN], "w")]);
        Assert.False(report.Passed);
        Assert.Equal("input is nan", report.Entries[1].Failure);
        Assert.Equal("w[0,1]", report.Entries[1].Label);
    }

    [Fact]
    public void A_tolerance_failure_says_the_error_is_too_large()
    {
        var report = GradCheck.Check(x => x[0] * x[0].Detach(), [3.0]);
        Assert.Equal("error > atol + rtol·|numeric|", report.Entries[0].Failure);
    }

    [Fact]
    public void The_report_writes_numbers_as_the_rest_of_the_tool_does()
    {
        // Calculus: d(xy)/dx = y = 1e-05 and d(xy)/dy = x = 2; Python's '%g' % 1e-05 is '1e-05' (Format.Short), not
        // .NET's 1E-05 or a 15-digit 1.00000000000655E-05 beside a plain decimal in the next column.
        var report = GradCheck.Check(x => x[0] * x[1], [2.0, 1e-5]);
        var rows = report.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.Matches(@"^x0\s+2\s+1e-05\s+1e-05\s+\S+\s+ok$", rows[1]);
        Assert.Matches(@"^x1\s+1e-05\s+2\s+2\s+\S+\s+ok$", rows[2]);
        Assert.DoesNotMatch("[0-9]E[-+]", report.ToString());
        Assert.EndsWith("gradcheck passed (eps 1e-06, atol 1e-05, rtol 0.001)", report.ToString(), StringComparison.Ordinal);
        // Non-finite numbers as graph and regress write them (Python's spelling): nan, inf, never NaN or Infinity.
        var nan = GradCheck.Check(x => x[0].Pow(0.5), [-4.0]).ToString();
        Assert.Matches(@"(?m)^x0\s+-4\s+nan\s+nan\s+nan\s+FAIL", nan);
        Assert.DoesNotContain("NaN", nan, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", GradCheck.Check(x => x[0].Pow(x[1]), [0.0, 0.0]).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_label_the_inputs_and_the_report_rows()
    {
        var report = GradCheck.Check(x => x[0] * x[1], [2.0, 3.0], names: ["weight", "a_long_input_name"]);

        Assert.Equal(["weight", "a_long_input_name"], report.Entries.Select(e => e.Label));
        var rows = report.ToString().ReplaceLineEndings("\n").Split('\n');
        // Calculus: d(ab)/da = b = 3, d(ab)/db = a = 2. The name column widens to the longest name.
        Assert.Matches(@"^input\s+value", rows[0]);
        Assert.Matches(@"^weight\s+2\s+3\s", rows[1]);
        Assert.Matches(@"^a_long_input_name\s+3\s+2\s", rows[2]);
        // The value column stays aligned under its header.
        var valueEnd = rows[0].IndexOf("value", StringComparison.Ordinal) + "value".Length;
        Assert.Equal(valueEnd, rows[1].IndexOf(" 2 ", StringComparison.Ordinal) + 2);
        Assert.Equal(valueEnd, rows[2].IndexOf(" 3 ", StringComparison.Ordinal) + 2);
    }

    [Fact]
    public void The_function_sees_leaves_labelled_with_the_names()
    {
        string? seen = null;
        GradCheck.Check(x => { seen ??= x[0].Label; return x[0]; }, [1.0], names: ["w"]);
        Assert.Equal("w", seen);
    }

    [Fact]
    public void Names_must_match_the_inputs_one_to_one()
    {
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Check(x => x[0], [1.0, 2.0], names: ["x"]));
        Assert.Equal("names", e.ParamName);
        Assert.Contains("Expected 2 names", e.Message, StringComparison.Ordinal);
        var nullName = Assert.Throws<ArgumentException>(() => GradCheck.Check(x => x[0], [1.0], names: [null!]));
        Assert.StartsWith("names must hold strings; found null at position 0.", nullName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_non_positive_step()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(x => x[0], [1.0], eps: 0));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, 1e-5, 1e-3)]
    [InlineData(1e-6, double.PositiveInfinity, 1e-3)]
    [InlineData(1e-6, 1e-5, double.PositiveInfinity)]
    [InlineData(double.NaN, 1e-5, 1e-3)]
    public void Rejects_an_infinite_or_nan_step_or_tolerance(double eps, double atol, double rtol)
    {
        // An infinite tolerance would pass any gradient; an infinite step makes every difference nan.
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(x => x[0] * x[0], [1.0], eps, atol, rtol));
    }
}
