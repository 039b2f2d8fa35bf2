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

    [Fact]
    public void Rejects_a_non_positive_step()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(x => x[0], [1.0], eps: 0));
    }
}
