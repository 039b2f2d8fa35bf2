using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>
/// Binary cross-entropy on logits keeps full relative precision where the loss is tiny (a confident, right logit):
/// written as y·softplus(−z) + (1 − y)·softplus(z), each softplus with log1p, it returns ln(1 + e^−|z|) rather than
/// the 0 that log(1 + 1e-18) rounds to.
/// </summary>
public class LossesPrecisionTests
{
    // A few units in the last place: exp is within an ulp, then each op (log1p, which returns its tiny argument itself,
    // 1 + e^z, the division, the sums with an exact 0) rounds once.
    private const double Relative = 1e-15;

    [Theory]
    // Python 3, decimal with 1000 digits: ln(1 + e^−z) and 1/(1 + e^z) = σ(−z) at z = 40, 100, 700:
    //   (Decimal(1) + (-Decimal(z)).exp()).ln() and 1 / (1 + Decimal(z).exp()).
    [InlineData(40.0, 4.24835425529158898630e-18, 4.24835425529158897728e-18)]
    [InlineData(100.0, 3.72007597602083596296e-44, 3.72007597602083596296e-44)]
    [InlineData(700.0, 9.85967654375977085671e-305, 9.85967654375977085671e-305)]
    public void Binary_cross_entropy_of_a_confident_right_logit_is_exact_with_its_gradient(double z, double loss, double sigma)
    {
        // Oracle: the decimal values above; the loss is ln(1 + e^−z) = e^−z − e^−2z/2 + …, the gradient σ(z) − y.
        // Target 1 at logit +z:
        var positive = new Value(z);
        var l1 = Losses.BinaryCrossEntropyWithLogits([positive], [1.0]);
        l1.Backward();
        AssertRelative(loss, l1.Data, "loss at y = 1");
        AssertRelative(-sigma, positive.Grad, "gradient at y = 1");
        // Target 0 at logit −z: the same loss, the opposite gradient.
        var negative = new Value(-z);
        var l0 = Losses.BinaryCrossEntropyWithLogits([negative], [0.0]);
        l0.Backward();
        AssertRelative(loss, l0.Data, "loss at y = 0");
        AssertRelative(sigma, negative.Grad, "gradient at y = 0");
        // Both as one batch: the mean of two equal terms.
        var pair = Losses.BinaryCrossEntropyWithLogits([new Value(z), new Value(-z)], [1.0, 0.0]);
        AssertRelative(loss, pair.Data, "batch loss");
    }

    [Fact]
    public void Binary_cross_entropy_s_second_derivative_at_a_confident_logit_is_exact()
    {
        // Python 3, decimal with 1000 digits: s = 1/(1 + e⁴⁰), s·(1 − s) = 4.24835425529158895923e-18, the loss's
        // second derivative σ(z)·σ(−z) at z = 40 (calculus), through Autograd.Grad.
        var z = new Value(40.0);
        var loss = Losses.BinaryCrossEntropyWithLogits([z], [1.0]);
        var first = Autograd.Grad(loss, [z], createGraph: true)[0];
        var second = Autograd.Grad(first, [z])[0];
        AssertRelative(-4.24835425529158897728e-18, first.Data, "first derivative");
        AssertRelative(4.24835425529158895923e-18, second.Data, "second derivative");
    }

    [Fact]
    public void Binary_cross_entropy_before_softplus_lost_the_loss_of_a_confident_logit()
    {
        // The formula this replaces (PyTorch's before log1p, and the Tensor path's): relu(z) − z·y + log(1 + e^−|z|)
        // gives exactly 0 at z = 40, y = 1, since 1 + 4.2e-18 rounds to 1 (IEEE 754) — the precision the test above
        // asks for, lost. This guards the premise of that test: the old formula must fail it.
        var z = new Value(40.0);
        var old = z.Relu() - z * 1.0 + (1.0 + (z - 2.0 * z.Relu()).Exp()).Log();
        Assert.Equal(0.0, old.Data);
        Assert.NotEqual(0.0, Losses.BinaryCrossEntropyWithLogits([z], [1.0]).Data);
    }

    private static void AssertRelative(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Relative * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R}");
}
