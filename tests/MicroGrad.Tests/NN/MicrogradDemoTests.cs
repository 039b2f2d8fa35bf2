using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>micrograd's demo.ipynb: MLP(2, [16, 16, 1]) on make_moons(100, noise=0.1) after np.random.seed(1337) and
/// random.seed(1337), hinge loss + 1e-4·Σp², SGD with lr = 1.0 − 0.9·k/100. Its 100-step run is checked once per entry
/// point: the README's loop on the dynamic graph (ReadmeTests), Trainer.Fit, which replays a compiled graph
/// (TrainerTests; CompiledGraphTests checks the replay bit for bit against the dynamic graph on the first steps), and
/// the CLI's demo (DemoCommandTests).</summary>
public class MicrogradDemoTests
{
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
    public void The_embedded_demo_data_equals_the_shipped_files()
    {
        // Oracle: data/moons1337.csv and data/micrograd_demo_init.json (the notebook's exact inputs).
        var moons = MicrogradDemo.Moons();
        var file = CsvData.Read(TestData.PathOf("moons1337.csv"), "y");
        Assert.Equal(file.Features, moons.Features);
        Assert.Equal(file.Target, moons.Target);

        var model = MicrogradDemo.CreateModel();
        Assert.Equal(337, model.Parameters().Count);
        Assert.Equal(DemoData.InitialParameters(), model.GetParameterValues());
    }

    [Fact]
    public void The_embedded_demo_reproduces_the_notebook_first_loss()
    {
        // micrograd demo.ipynb printed "step 0 loss 0.8958441028683222, accuracy 50.0%".
        var data = MicrogradDemo.Moons();
        var model = MicrogradDemo.CreateModel();
        var scores = new Value[data.Count];
        for (var i = 0; i < data.Count; i++)
            scores[i] = model.Forward(data.Features[i])[0];
        var loss = Losses.Hinge(scores, data.Target) + Losses.L2(model.Parameters(), 1e-4);
        AssertRelative(0.8958441028683222, loss.Data);
    }

    /// <summary>|actual − expected| ≤ rtol·|expected|. The notebook's losses hold to 1e-9 relative, not bit for bit:
    /// micrograd's backward visits operands through a Python set, so its gradient sums are in an order nobody can
    /// reproduce.</summary>
    internal static void AssertRelative(double expected, double actual, double rtol = 1e-9) =>
        Assert.True(Math.Abs(actual - expected) <= rtol * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3}, tolerance {rtol})");
}
