using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>The batched forward (<see cref="Mlp.Forward(Tensor)"/>, <see cref="Layer.Forward(Tensor)"/>,
/// <see cref="Mlp.Predict(Tensor)"/>) against the scalar one, which is micrograd's and the reference.</summary>
public class BatchedMlpTests
{
    internal static Tensor RandomRows(Random random, int rows, int columns)
    {
        var data = new double[rows * columns];
        for (var k = 0; k < data.Length; k++)
            data[k] = random.NextDouble() * 4.0 - 2.0;
        return new Tensor(rows, columns, data);
    }

    /// <summary>|a − b| ≤ 1e-12·(1 + |b|): the two paths add the same products in another order (the scalar neuron
    /// starts from the bias, the matrix product adds the bias last), so they agree to rounding, not to the bit; the
    /// absolute part covers outputs that cancel to near 0.</summary>
    internal static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * (1 + Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}");

    public static TheoryData<Activation, Activation> ActivationPairs()
    {
        var pairs = new TheoryData<Activation, Activation>();
        foreach (var hidden in Enum.GetValues<Activation>())
        {
            foreach (var output in Enum.GetValues<Activation>())
                pairs.Add(hidden, output);
        }
        return pairs;
    }

    [Theory]
    [MemberData(nameof(ActivationPairs))]
    public void Batched_and_scalar_predictions_agree_on_random_models(Activation hidden, Activation output)
    {
        // Oracle: Mlp.Predict(IReadOnlyList<double>) row by row (the scalar engine, micrograd's forward).
        var model = new Mlp(3, [5, 4, 2], hidden, output, Initialization.Xavier, new Rng(21));
        // Non-zero biases, so the bias's place in the sum is exercised.
        foreach (var layer in model.Layers)
        {
            foreach (var neuron in layer.Neurons)
                neuron.Bias.Data = 0.25 * neuron.InputCount - 0.6;
        }
        var x = RandomRows(new Random(22), 7, 3);
        var batched = model.Predict(x);
        Assert.Equal((7, 2), (batched.Rows, batched.Columns));
        Assert.True(batched.IsLeaf);
        var forward = model.Forward(x);
        for (var i = 0; i < x.Rows; i++)
        {
            var scalar = model.Predict(x.Data.AsSpan(i * 3, 3).ToArray());
            for (var j = 0; j < scalar.Length; j++)
            {
                AssertClose(scalar[j], batched.Data[i * 2 + j], $"Predict, row {i}, output {j}");
                Assert.Equal(batched.Data[i * 2 + j], forward.Data[i * 2 + j]);
            }
        }
    }

    [Fact]
    public void A_layer_on_a_batch_is_each_neuron_on_each_row()
    {
        // Oracle: Layer.Forward(IReadOnlyList<Value>) on each row.
        var layer = new Layer(4, 3, Activation.Tanh, rng: new Rng(9));
        var x = RandomRows(new Random(10), 5, 4);
        var batched = layer.Forward(x);
        Assert.Equal((5, 3), (batched.Rows, batched.Columns));
        Assert.Equal("Linear(Tanh)", batched.Op); // one fused node per layer
        for (var i = 0; i < x.Rows; i++)
        {
            var row = layer.Forward([.. x.Data.AsSpan(i * 4, 4).ToArray().Select(v => new Value(v))]);
            for (var j = 0; j < row.Length; j++)
                AssertClose(row[j].Data, batched.Data[i * 3 + j], $"row {i}, neuron {j}");
        }
    }

    [Fact]
    public void A_backward_through_the_batched_forward_reaches_the_parameters_as_the_scalar_one_does()
    {
        // Oracle: the scalar engine, Σ over rows of Σ outputs through Mlp.Forward(IReadOnlyList<Value>), then Backward,
        // to 1e-12 (the same products summed in another order).
        var model = new Mlp(3, [4, 2], Activation.Tanh, rng: new Rng(4));
        var x = RandomRows(new Random(5), 6, 3);
        var total = new Value(0.0);
        for (var i = 0; i < x.Rows; i++)
        {
            foreach (var output in model.Forward([.. x.Data.AsSpan(i * 3, 3).ToArray().Select(v => new Value(v))]))
                total += output;
        }
        total.Backward();
        var expected = model.Parameters().Select(p => p.Grad).ToArray();

        model.ZeroGrad();
        model.Forward(x).Sum().Backward();
        var once = model.Parameters().Select(p => p.Grad).ToArray();
        for (var k = 0; k < expected.Length; k++)
            AssertClose(expected[k], once[k], $"gradient of parameter {k}");

        // Gradients accumulate, as Value.Backward's do: a second pass without ZeroGrad doubles them exactly.
        model.Forward(x).Sum().Backward();
        Assert.Equal(once.Select(g => g + g), model.Parameters().Select(p => p.Grad));
    }

    [Fact]
    public void An_optimizer_trains_through_the_batched_forward_written_by_hand()
    {
        // Oracle: Objective on the same model and data (full batch, MSE, the tensor engine), whose steps are this loop.
        var x = RandomRows(new Random(7), 8, 2);
        double[] y = [.. Enumerable.Range(0, 8).Select(i => x.Data[2 * i] - 0.5 * x.Data[2 * i + 1])];
        var byHand = new Mlp(2, [5, 1], rng: new Rng(8));
        var reference = new Mlp(2, [5, 1], rng: new Rng(8));
        var sgd = new Sgd(byHand.Parameters(), 0.1);
        var objective = new Objective(reference, [.. Enumerable.Range(0, 8).Select(i => x.Data.AsSpan(2 * i, 2).ToArray())], y, LossKind.MeanSquaredError);
        var referenceSgd = new Sgd(reference.Parameters(), 0.1);
        for (var step = 0; step < 5; step++)
        {
            var loss = Losses.MeanSquaredError(byHand.Forward(x), y);
            byHand.ZeroGrad();
            loss.Backward();
            sgd.Step();
            var expected = objective.ComputeGradients().Loss;
            referenceSgd.Step();
            AssertClose(expected, loss.Data[0], $"loss at step {step}");
        }
        var trained = byHand.GetParameterValues();
        var expectedParameters = reference.GetParameterValues();
        for (var k = 0; k < trained.Length; k++)
            AssertClose(expectedParameters[k], trained[k], $"parameter {k} after 5 steps");
    }

    [Fact]
    public void Predict_over_rows_is_predict_over_their_matrix()
    {
        // Oracle: Mlp.Predict(Tensor) on the same rows stacked (the overload only copies in and out).
        var model = new Mlp(2, [4, 3], Activation.Tanh, rng: new Rng(12));
        double[][] rows = [[0.5, -1.0], [2.0, 0.25], [-1.5, 1.5]];
        var expected = model.Predict(new Tensor(3, 2, [.. rows.SelectMany(r => r)]));
        var actual = model.Predict(rows);
        Assert.Equal(3, actual.Length);
        for (var i = 0; i < rows.Length; i++)
            Assert.Equal(expected.Data.AsSpan(i * 3, 3).ToArray(), actual[i]);

        Assert.Throws<ArgumentException>(() => model.Predict(Array.Empty<double[]>()));
        var width = Assert.Throws<ArgumentException>(() => model.Predict([[1.0, 2.0], [1.0]]));
        Assert.Contains("(row 1)", width.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<ArgumentException>(() => model.Predict([[1.0, 2.0], [1.0, double.PositiveInfinity]]));
        Assert.Contains("row 1, column 1", nan.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Predict([[1.0, 2.0], null!]));
    }

    [Fact]
    public void Bad_batches_name_expected_and_actual()
    {
        var model = new Mlp(2, [3, 1], rng: new Rng(4));
        var width = Assert.Throws<ArgumentException>(() => model.Forward(new Tensor(2, 3, new double[6])));
        Assert.Contains("width 2", width.Message, StringComparison.Ordinal);
        Assert.Contains("got 3", width.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Layers[0].Forward(new Tensor(1, 1, [1.0])));
        var nan = Assert.Throws<ArgumentException>(() => model.Predict(new Tensor(2, 2, [1.0, 2.0, 3.0, double.NaN])));
        Assert.Contains("row 1, column 1", nan.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => model.Predict((Tensor)null!));
    }

    [Fact]
    public void Gathered_parameter_tensors_are_labelled_by_layer_for_messages()
    {
        var tensors = new ParameterTensors(new Mlp(2, [3, 1]));
        Assert.Equal(["W1", "W2"], tensors.Weights.Select(w => w.Label));
        Assert.Equal(["b1", "b2"], tensors.Biases.Select(b => b.Label));
        Assert.Equal("Tensor(2×3, 'W1')", tensors.Weights[0].ToString());
    }
}
