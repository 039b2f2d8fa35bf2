using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>micrograd's demo.ipynb: MLP(2, [16, 16, 1]) on make_moons(100, noise=0.1) after np.random.seed(1337) and
/// random.seed(1337), hinge loss + 1e-4·Σp², SGD with lr = 1.0 − 0.9·k/100. Its 100-step run is checked once per entry
/// point: the README's loop (ReadmeTests), Trainer.Fit (TrainerTests), the compiled replay (CompiledGraphTests) and
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

    /// <summary>|actual − expected| ≤ rtol·|expected|. The notebook's losses hold to 1e-9 relative, not bit for bit:
    /// micrograd's backward visits operands through a Python set, so its gradient sums are in an order nobody can
    /// reproduce.</summary>
    internal static void AssertRelative(double expected, double actual, double rtol = 1e-9) =>
        Assert.True(Math.Abs(actual - expected) <= rtol * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3}, tolerance {rtol})");
}
