using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>micrograd's demo.ipynb reproduced: MLP(2, [16, 16, 1]) on make_moons(100, noise=0.1) after
/// np.random.seed(1337) and random.seed(1337), hinge loss + 1e-4·Σp², SGD with lr = 1.0 − 0.9·k/100.</summary>
public class MicrogradDemoTests
{
    // Oracle: micrograd's demo.ipynb printed output ("step 0 loss 0.8958441028683222, accuracy 50.0%" and
    // "step 99 loss 0.010978370135492717, accuracy 100.0%"). 1e-9 relative, not bit-exact: micrograd's backward
    // visits operands through a Python set, so its gradient sums are in an order nobody can reproduce.
    private const double Step0Loss = 0.8958441028683222;
    private const double Step99Loss = 0.010978370135492717;
    private const double Tolerance = 1e-9;

    private static Mlp DemoModel()
    {
        var model = new Mlp(2, [16, 16, 1]);
        model.SetParameterValues(DemoData.InitialParameters());
        return model;
    }

    [Fact]
    public void Demo_model_has_micrograds_architecture_and_parameter_count()
    {
        var model = new Mlp(2, [16, 16, 1]);
        // Oracle: the notebook prints "number of parameters 337" and this repr.
        Assert.Equal(337, model.Parameters().Count);
        Assert.StartsWith("MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2),", model.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("ReLUNeuron(16)], Layer of [LinearNeuron(16)]]", model.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Hand_written_loop_reproduces_the_notebook_losses()
    {
        var (x, y) = DemoData.Moons();
        var model = DemoModel();
        var parameters = model.Parameters();
        var history = new List<(double Loss, double Accuracy)>();
        for (var k = 0; k < 100; k++)
        {
            // The notebook's loss(): scores, hinge, mean, + alpha * sum(p*p).
            var scores = new Value[x.Length];
            var correct = 0;
            for (var i = 0; i < x.Length; i++)
            {
                scores[i] = model.Forward(x[i])[0];
                correct += (y[i] > 0) == (scores[i].Data > 0) ? 1 : 0;
            }
            var loss = Losses.Hinge(scores, y) + Losses.L2(parameters, 1e-4);
            model.ZeroGrad();
            loss.Backward();
            var learningRate = 1.0 - 0.9 * k / 100;
            foreach (var p in parameters)
                p.Data -= learningRate * p.Grad;
            history.Add((loss.Data, correct / (double)x.Length));
        }

        AssertRelative(Step0Loss, history[0].Loss);
        AssertRelative(Step99Loss, history[99].Loss);
        Assert.Equal(0.5, history[0].Accuracy);   // notebook: "accuracy 50.0%"
        Assert.Equal(1.0, history[99].Accuracy);  // notebook: "accuracy 100.0%"
    }

    [Fact]
    public void Sgd_with_micrograds_schedule_reproduces_the_notebook_losses()
    {
        var (x, y) = DemoData.Moons();
        var model = DemoModel();
        var optimizer = new Sgd(model.Parameters(), k => 1.0 - 0.9 * k / 100);
        double first = double.NaN, last = double.NaN;
        for (var k = 0; k < 100; k++)
        {
            var scores = new Value[x.Length];
            for (var i = 0; i < x.Length; i++)
                scores[i] = model.Forward(x[i])[0];
            var loss = Losses.Hinge(scores, y) + Losses.L2(model.Parameters(), 1e-4);
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
            if (k == 0)
                first = loss.Data;
            last = loss.Data;
        }
        AssertRelative(Step0Loss, first);
        AssertRelative(Step99Loss, last);
    }

    internal static void AssertRelative(double expected, double actual, double rtol = Tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= rtol * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3}, tolerance {rtol})");
}
