using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

public class MlpTests
{
    [Fact]
    public void Parameters_are_in_micrograds_order_weights_then_bias()
    {
        // micrograd nn.py: MLP.parameters() = [p for layer in layers for p in layer.parameters()],
        // Layer: [p for n in neurons for p in n.parameters()], Neuron: w + [b].
        var model = new Mlp(2, [3, 1]);
        var p = model.Parameters();
        Assert.Equal((2 + 1) * 3 + (3 + 1) * 1, p.Count);
        Assert.Same(model.Layers[0].Neurons[0].Weights[0], p[0]);
        Assert.Same(model.Layers[0].Neurons[0].Weights[1], p[1]);
        Assert.Same(model.Layers[0].Neurons[0].Bias, p[2]);
        Assert.Same(model.Layers[0].Neurons[1].Weights[0], p[3]);
        Assert.Same(model.Layers[1].Neurons[0].Bias, p[^1]);
        Assert.Same(p, model.Parameters());
    }

    [Fact]
    public void ToString_reads_like_micrograds_repr()
    {
        // micrograd nn.py __repr__: "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]".
        Assert.Equal("MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]", new Mlp(2, [2, 1]).ToString());
        Assert.Equal("Layer of [TanhNeuron(3)]", new Layer(3, 1, Activation.Tanh).ToString());
        Assert.Equal("SigmoidNeuron(4)", new Neuron(4, Activation.Sigmoid).ToString());
    }

    [Fact]
    public void Micrograd_and_eurekalabs_initialisation_draw_uniforms_in_parameter_order()
    {
        // micrograd: w = uniform(-1, 1), b = 0; EurekaLabs: w = uniform(-1, 1) * nin**-0.5, b = 0; both draw the weights
        // in parameters() order. Oracle: the same uniform draws replayed from the generator.
        var replay = new Rng(42);
        var micro = new Mlp(2, [2, 1], rng: new Rng(42));
        var p = micro.Parameters();
        Assert.Equal(replay.Uniform(-1, 1), p[0].Data);
        Assert.Equal(replay.Uniform(-1, 1), p[1].Data);
        Assert.Equal(0.0, p[2].Data);
        Assert.Equal(replay.Uniform(-1, 1), p[3].Data);

        var again = new Rng(42);
        var eureka = new Mlp(2, [2, 1], initialization: Initialization.EurekaLabs, rng: new Rng(42));
        Assert.Equal(again.Uniform(-1, 1) * Math.Pow(2, -0.5), eureka.Parameters()[0].Data);
        // Rng(42)'s first u32 is 1456360119 (EurekaLabs): uniform(-1, 1) = -1 + 2·((1456360119 >> 8) / 2^24).
        Assert.Equal(-1 + 2 * ((1456360119u >> 8) / 16777216.0), micro.Parameters()[0].Data);
    }

    [Fact]
    public void Xavier_and_he_initialisations_have_their_spread()
    {
        // Glorot: |w| ≤ √(6/(nin + nout)) = √(6/300) for a 200→100 layer; He: std √(2/nin) = 0.1 for nin = 200.
        var xavier = new Layer(200, 100, initialization: Initialization.Xavier, rng: new Rng(3));
        var limit = Math.Sqrt(6.0 / 300);
        double sumSq = 0;
        var count = 0;
        foreach (var n in xavier.Neurons)
        {
            foreach (var w in n.Weights)
                Assert.InRange(w.Data, -limit, limit);
        }
        var he = new Layer(200, 100, initialization: Initialization.He, rng: new Rng(3));
        foreach (var n in he.Neurons)
        {
            foreach (var w in n.Weights)
            {
                sumSq += w.Data * w.Data;
                count++;
            }
        }
        // 20,000 draws: the sample std is within 2 % of 0.1 with overwhelming probability.
        Assert.InRange(Math.Sqrt(sumSq / count), 0.098, 0.102);
    }

    [Fact]
    public void Same_seed_same_model_and_default_generator_is_fixed()
    {
        Assert.Equal(new Mlp(3, [4, 1], rng: new Rng(9)).GetParameterValues(), new Mlp(3, [4, 1], rng: new Rng(9)).GetParameterValues());
        Assert.Equal(new Mlp(3, [4, 1]).GetParameterValues(), new Mlp(3, [4, 1], rng: new Rng(Mlp.DefaultSeed)).GetParameterValues());
    }

    [Fact]
    public void Forward_always_returns_an_array_and_neuron_sums_from_the_bias()
    {
        var neuron = new Neuron(2, Activation.Linear);
        neuron.Weights[0].Data = 2.0;
        neuron.Weights[1].Data = -3.0;
        neuron.Bias.Data = 0.5;
        // Hand computation: 0.5 + 2·1 + (−3)·4 = −9.5.
        Assert.Equal(-9.5, neuron.Forward([1.0, 4.0]).Data);
        var model = new Mlp(2, [3, 1]);
        Value[] single = model.Forward([1.0, 2.0]);
        Assert.Single(single);
        Assert.Equal(single[0].Data, model.Predict([1.0, 2.0])[0]);
    }

    [Fact]
    public void Lecture_run_decreases_the_loss_at_every_step()
    {
        // The lecture: MLP(3, [4, 4, 1]) all tanh on its four samples, loss = Σ (ypred − ygt)², SGD 0.1, 20 steps.
        // Property of gradient descent with a small step: the loss decreases monotonically (seed fixed: Rng(42)).
        var lecture = Datasets.Lecture();
        var (xs, ys) = (lecture.Features, lecture.Target);
        var model = new Mlp(3, [4, 4, 1], Activation.Tanh, Activation.Tanh, rng: new Rng(42));
        var losses = new List<double>();
        for (var k = 0; k < 20; k++)
        {
            var ypred = new Value[xs.Length];
            for (var i = 0; i < xs.Length; i++)
                ypred[i] = model.Forward(xs[i])[0];
            var loss = Losses.SumSquaredError(ypred, ys);
            model.ZeroGrad();
            loss.Backward();
            foreach (var p in model.Parameters())
                p.Data += -0.1 * p.Grad;
            losses.Add(loss.Data);
        }
        for (var k = 1; k < losses.Count; k++)
            Assert.True(losses[k] < losses[k - 1], $"step {k}: {losses[k]} ≥ {losses[k - 1]}");
        Assert.True(losses[^1] < 0.5 * losses[0], $"final {losses[^1]} vs initial {losses[0]}");
    }

    [Fact]
    public void Bad_shapes_name_expected_and_actual()
    {
        var model = new Mlp(2, [3, 1]);
        var width = Assert.Throws<ArgumentException>(() => model.Forward([1.0, 2.0, 3.0]));
        Assert.Contains("width 2", width.Message, StringComparison.Ordinal);
        Assert.Contains("got 3", width.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Forward(new Value[] { 1.0 }));
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp(2, [3, 0, 1]));
        Assert.Contains("layer 1; got 0", size.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp(0, [1]));
        Assert.Throws<ArgumentException>(() => new Mlp(2, []));
        var nan = Assert.Throws<ArgumentException>(() => model.Predict([1.0, double.NaN]));
        Assert.Contains("index 1; got nan", nan.Message, StringComparison.Ordinal);
        var count = Assert.Throws<ArgumentException>(() => model.SetParameterValues(new double[5]));
        Assert.Contains("Expected 13 parameter values", count.Message, StringComparison.Ordinal);
    }
}
