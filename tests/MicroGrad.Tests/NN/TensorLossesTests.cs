using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>Each tensor loss against the scalar loss of the same name on the same data (value and gradients, 1e-12:
/// the same formulas, with a mean as Σ / n instead of Σ · (1/n)), and against finite differences (GradCheck).</summary>
public class TensorLossesTests
{
    private static readonly double[] s_scores = [0.3, -2.0, 1.7, 0.4, -0.6];
    private static readonly double[] s_signs = [1.0, -1.0, 1.0, -1.0, -1.0];
    private static readonly double[] s_probabilities = [1.0, 0.0, 0.25, 1.0, 0.5];

    /// <summary>The scalar loss over Values and the tensor loss over an n×1 tensor of the same numbers: equal value
    /// and equal gradient per element, to 1e-12; then GradCheck on the tensor loss.</summary>
    private static void AssertAgrees(Func<IReadOnlyList<Value>, Value> scalar, Func<Tensor, Tensor> tensor, double[] at)
    {
        var values = at.Select(v => new Value(v)).ToArray();
        var expected = scalar(values);
        expected.Backward();
        var t = new Tensor(at.Length, 1, (double[])at.Clone());
        var actual = tensor(t);
        Assert.Equal((1, 1), (actual.Rows, actual.Columns));
        actual.Backward();
        BatchedMlpTests.AssertClose(expected.Data, actual.Data[0], "loss");
        for (var i = 0; i < at.Length; i++)
            BatchedMlpTests.AssertClose(values[i].Grad, t.Grad[i], $"gradient {i}");
        var report = GradCheck.Check(x => tensor(x[0]), [new Tensor(at.Length, 1, (double[])at.Clone())]);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Hinge_on_a_tensor_is_the_scalar_hinge()
    {
        // Oracle: Losses.Hinge over Values (micrograd's demo loss); points away from the kink 1 − y·s = 0.
        AssertAgrees(s => Losses.Hinge(s, s_signs), s => Losses.Hinge(s, s_signs), s_scores);
    }

    [Fact]
    public void Mean_squared_error_on_a_tensor_is_the_scalar_one()
    {
        // Oracle: Losses.MeanSquaredError over Values.
        double[] targets = [1.0, -1.0, 0.5, 2.0, 0.0];
        AssertAgrees(p => Losses.MeanSquaredError(p, targets), p => Losses.MeanSquaredError(p, targets), s_scores);
    }

    [Fact]
    public void Binary_cross_entropy_on_a_tensor_is_the_scalar_one_and_stable()
    {
        // Oracle: Losses.BinaryCrossEntropyWithLogits over Values, itself checked against PyTorch's formula.
        AssertAgrees(z => Losses.BinaryCrossEntropyWithLogits(z, s_probabilities),
            z => Losses.BinaryCrossEntropyWithLogits(z, s_probabilities), s_scores);
        // Hand computation: z = ±1000 with the right target costs log(1 + e^−1000) = 0 (no overflow), gradient 0.
        var huge = new Tensor(2, 1, [1000.0, -1000.0]);
        var loss = Losses.BinaryCrossEntropyWithLogits(huge, [1.0, 0.0]);
        loss.Backward();
        Assert.Equal(0.0, loss.Data[0]);
        Assert.Equal([0.0, 0.0], huge.Grad);
    }

    [Fact]
    public void Binary_cross_entropy_on_a_tensor_keeps_full_precision_at_confident_logits()
    {
        // Oracle: python3 decimal at 40 digits: ln(1 + e^−40) = 4.248354255291588986e-18 and
        // −e^−40/(1 + e^−40) = −4.248354255291588977e-18; both rows (z = 40, y = 1 and z = −40, y = 0) cost the same, and
        // the mean's gradient is each row's over 2. The former formula, max(z, 0) − z·y + ln(1 + e^−|z|), gave 0 here.
        var z = new Tensor(2, 1, [40.0, -40.0]);
        var loss = Losses.BinaryCrossEntropyWithLogits(z, [1.0, 0.0]);
        loss.Backward();
        Assert.Equal(4.248354255291588986e-18, loss.Data[0], 4e-18 * 1e-15);
        Assert.Equal(-4.248354255291588977e-18 / 2, z.Grad[0], 4e-18 * 1e-15);
        Assert.Equal(4.248354255291588977e-18 / 2, z.Grad[1], 4e-18 * 1e-15);
    }

    [Fact]
    public void L2_over_tensors_is_the_scalar_l2_of_every_element()
    {
        // Oracle: Losses.L2 over the same numbers as Values (micrograd's demo: 1e-4·Σ p·p over every parameter).
        double[] w = [0.5, -1.5, 2.0, 0.25, -0.75, 1.0];
        double[] b = [0.1, -0.2];
        var values = w.Concat(b).Select(v => new Value(v)).ToArray();
        var expected = Losses.L2(values, 1e-4);
        expected.Backward();
        var (tw, tb) = (new Tensor(3, 2, (double[])w.Clone()), new Tensor(1, 2, (double[])b.Clone()));
        var actual = Losses.L2([tw, tb], 1e-4);
        actual.Backward();
        BatchedMlpTests.AssertClose(expected.Data, actual.Data[0], "L2");
        var gradients = tw.Grad.Concat(tb.Grad).ToArray();
        for (var i = 0; i < values.Length; i++)
            BatchedMlpTests.AssertClose(values[i].Grad, gradients[i], $"gradient {i}");
        var report = GradCheck.Check(x => Losses.L2(x, 1e-4), [new Tensor(3, 2, w), new Tensor(1, 2, b)]);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(0.0, Losses.L2(Array.Empty<Tensor>(), 1e-4).Data[0]);
    }

    [Fact]
    public void Bad_targets_and_shapes_name_expected_and_actual()
    {
        var scores = new Tensor(2, 1, [0.5, -0.5]);
        var count = Assert.Throws<ArgumentException>(() => Losses.Hinge(scores, [1.0]));
        Assert.StartsWith("Hinge: 1 target(s) for scores 2×1, expected 2 (one per row).", count.Message, StringComparison.Ordinal);
        Assert.Equal("targets", count.ParamName);
        var label = Assert.Throws<ArgumentException>(() => Losses.Hinge(scores, [1.0, 0.0]));
        Assert.Contains("{-1, 1} at index 1", label.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Losses.BinaryCrossEntropyWithLogits(scores, [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError(scores, [1.0, double.NaN]));
        var wide = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError(new Tensor(1, 2, [1.0, 2.0]), [1.0]));
        Assert.StartsWith("MeanSquaredError: predictions 1×2, expected n×1 (one output per sample).", wide.Message, StringComparison.Ordinal);
        Assert.Equal("predictions", wide.ParamName);
    }
}
