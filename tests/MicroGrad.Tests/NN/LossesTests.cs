using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>Each loss against a finite-difference GradCheck (PyTorch's tolerances) and hand-computed values.</summary>
public class LossesTests
{
    private static readonly double[] s_signs = [1.0, -1.0, 1.0, -1.0];
    private static readonly double[] s_probabilities = [1.0, 0.0, 0.25, 1.0];

    private static void AssertGradCheck(Func<IReadOnlyList<Value>, Value> f, double[] at)
    {
        var report = GradCheck.Check(f, at);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Hinge_gradients_match_finite_differences()
    {
        // Points away from the kink 1 − y·s = 0.
        AssertGradCheck(s => Losses.Hinge(s, s_signs), [0.3, -2.0, 1.7, 0.4]);
    }

    [Fact]
    public void Hinge_value_is_the_mean_margin_violation()
    {
        // Hand computation, y = [1, −1, 1, −1]: relu(1 − 0.3) + relu(1 + 2) + relu(1 − 1.7) + relu(1 + 0.4)
        // = 0.7 + 3 + 0 + 1.4 = 5.1 → /4 = 1.275.
        var loss = Losses.Hinge([0.3, 2.0, 1.7, 0.4], s_signs);
        Assert.Equal(1.275, loss.Data, 1e-15);
    }

    [Fact]
    public void Mean_squared_error_gradients_and_value()
    {
        AssertGradCheck(p => Losses.MeanSquaredError(p, [1.0, -1.0, 0.5]), [0.2, 0.3, -0.7]);
        // Hand computation: ((0.2 − 1)² + (0.3 + 1)² + (−0.7 − 0.5)²) / 3 = (0.64 + 1.69 + 1.44) / 3 = 1.2566666…
        Assert.Equal(3.77 / 3, Losses.MeanSquaredError([0.2, 0.3, -0.7], [1.0, -1.0, 0.5]).Data, 1e-15);
    }

    [Fact]
    public void Binary_cross_entropy_gradients_and_values()
    {
        AssertGradCheck(z => Losses.BinaryCrossEntropyWithLogits(z, s_probabilities), [0.5, -1.5, 2.0, -0.3]);
        // Hand computation: z = 0 gives −log σ(0) = log 2 for either target.
        Assert.Equal(Math.Log(2), Losses.BinaryCrossEntropyWithLogits([0.0], [1.0]).Data, 1e-15);
    }

    [Fact]
    public void Binary_cross_entropy_is_stable_for_huge_logits()
    {
        // PyTorch BCEWithLogitsLoss: z = 1000, y = 0 gives 1000 and gradient σ(1000) − 0 = 1; z = −1000, y = 1 gives
        // 1000 and gradient −1. A naive log(σ(z)) would give ∞ and NaN.
        var z = new Value(1000.0);
        var loss = Losses.BinaryCrossEntropyWithLogits([z], [0.0]);
        loss.Backward();
        Assert.Equal(1000.0, loss.Data);
        Assert.Equal(1.0, z.Grad);
        var w = new Value(-1000.0);
        var other = Losses.BinaryCrossEntropyWithLogits([w], [1.0]);
        other.Backward();
        Assert.Equal(1000.0, other.Data);
        Assert.Equal(-1.0, w.Grad);
    }

    [Fact]
    public void Binary_cross_entropy_has_the_exact_gradient_at_a_zero_logit()
    {
        // PyTorch BCEWithLogitsLoss at z = 0: loss log 2, gradient σ(0) − y = ½ − y (the kink of relu must cancel).
        foreach (var y in new[] { 0.0, 1.0, 0.25 })
        {
            var z = new Value(0.0);
            Losses.BinaryCrossEntropyWithLogits([z], [y]).Backward();
            Assert.Equal(0.5 - y, z.Grad, 1e-15);
        }
    }

    [Fact]
    public void Cross_entropy_gradient_is_softmax_minus_onehot()
    {
        // Python math.exp: softmax([0.1, -1.2, 0.7, 2.0]) = [0.1022438, 0.0278647, 0.1863003, 0.6835912] (7 digits); target 2.
        Value[] z = [0.1, -1.2, 0.7, 2.0];
        Losses.CrossEntropy(z, 2).Backward();
        var e = new[] { Math.Exp(0.1), Math.Exp(-1.2), Math.Exp(0.7), Math.Exp(2.0) };
        var sum = e[0] + e[1] + e[2] + e[3];
        for (var j = 0; j < 4; j++)
            Assert.Equal(e[j] / sum - (j == 2 ? 1 : 0), z[j].Grad, 1e-15);
        Assert.Equal(0.1863003, e[2] / sum, 1e-7);
    }

    [Fact]
    public void Cross_entropy_gradients_and_value()
    {
        AssertGradCheck(z => Losses.CrossEntropy(z, 2), [0.1, -1.2, 0.7, 2.0]);
        // numpy/scipy: logsumexp([1, 2, 3]) − 1 = 2.40760596444438.
        Assert.Equal(2.40760596444438, Losses.CrossEntropy([1.0, 2.0, 3.0], 0).Data, 1e-14);
    }

    [Fact]
    public void Cross_entropy_is_stable_for_huge_logits()
    {
        // PyTorch F.cross_entropy([[1000., 0.]], [1]) = 1000, gradient softmax − onehot = [1, −1].
        var a = new Value(1000.0);
        var b = new Value(0.0);
        var loss = Losses.CrossEntropy([a, b], 1);
        loss.Backward();
        Assert.Equal(1000.0, loss.Data);
        Assert.Equal(1.0, a.Grad);
        Assert.Equal(-1.0, b.Grad);
    }

    [Fact]
    public void Batch_cross_entropy_is_the_mean()
    {
        AssertGradCheck(z => Losses.CrossEntropy([[z[0], z[1]], [z[2], z[3]]], [0, 1]), [0.3, -0.2, 1.1, 0.4]);
    }

    [Fact]
    public void L2_gradients_and_value()
    {
        AssertGradCheck(p => Losses.L2(p, 1e-4), [0.5, -1.5, 2.0]);
        // Hand computation: 1e-4·(0.25 + 2.25 + 4) = 6.5e-4.
        Assert.Equal(6.5e-4, Losses.L2([0.5, -1.5, 2.0], 1e-4).Data, 1e-18);
    }

    [Fact]
    public void Bad_labels_and_shapes_name_expected_and_actual()
    {
        var hinge = Assert.Throws<ArgumentException>(() => Losses.Hinge([0.1, 0.2], [1.0, 0.0]));
        Assert.Contains("{-1, 1} at index 1; got 0.0", hinge.Message, StringComparison.Ordinal);
        var bce = Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropyWithLogits([0.1], [2.0]));
        Assert.Contains("[0, 1] at index 0; got 2.0", bce.Message, StringComparison.Ordinal);
        var ce = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy([0.1, 0.2], 2));
        Assert.Contains("[0, 2)", ce.Message, StringComparison.Ordinal);
        var count = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError([0.1, 0.2], [1.0]));
        Assert.Contains("Expected 2 targets", count.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError([], []));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError([0.1], [double.NaN]));
    }
}
