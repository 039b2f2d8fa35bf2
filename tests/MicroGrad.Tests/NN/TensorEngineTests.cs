using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>Objective's tensor engine (the default): the same losses and gradients as the scalar engine (the reference)
/// for every loss, full batch and mini-batches. The published runs through both engines: PublishedRunsTests.</summary>
public class TensorEngineTests
{
    [Fact]
    public void The_default_engine_is_the_tensor_engine_and_an_unknown_one_is_refused()
    {
        var (x, y) = DemoData.Moons();
        Assert.Equal(ObjectiveEngine.Tensor, new Objective(new Mlp(2, [1]), x, y, LossKind.Hinge).Engine);
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => new Objective(new Mlp(2, [1]), x, y, LossKind.Hinge) { Engine = (ObjectiveEngine)7 });
        Assert.Contains("Tensor, Scalar; got 7", bad.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LossKind.Hinge)]
    [InlineData(LossKind.MeanSquaredError)]
    [InlineData(LossKind.CrossEntropy)]
    [InlineData(LossKind.BinaryCrossEntropy)]
    public void One_step_gives_the_scalar_engines_loss_accuracy_and_gradients(LossKind loss)
    {
        // Oracle: the scalar engine (micrograd's graph of Values) on the same model and rows, to 1e-12 (the same
        // formulas summed in another order).
        var (x, y) = DemoData.Moons();
        double[] targets = loss is LossKind.CrossEntropy or LossKind.BinaryCrossEntropy ? [.. y.Select(v => v > 0 ? 1.0 : 0.0)] : y;
        var model = new Mlp(2, loss == LossKind.CrossEntropy ? [8, 2] : [16, 16, 1], Activation.Tanh, rng: new Rng(5));
        var scalar = new Objective(model, x, targets, loss, l2: 1e-4) { Engine = ObjectiveEngine.Scalar };
        var tensor = new Objective(model, x, targets, loss, l2: 1e-4);
        int[] rows = [5, 17, 3, 99, 42, 0, 64];

        foreach (var batch in new[] { null, rows })
        {
            var expected = batch is null ? scalar.ComputeGradients() : scalar.ComputeGradients(batch);
            var expectedGradients = model.Parameters().Select(p => p.Grad).ToArray();
            var actual = batch is null ? tensor.ComputeGradients() : tensor.ComputeGradients(batch);
            BatchedMlpTests.AssertClose(expected.Loss, actual.Loss, "loss");
            Assert.Equal(expected.Accuracy, actual.Accuracy);
            var gradients = model.Parameters().Select(p => p.Grad).ToArray();
            for (var i = 0; i < gradients.Length; i++)
                BatchedMlpTests.AssertClose(expectedGradients[i], gradients[i], $"gradient of parameter {i}");
        }
        var measured = tensor.Measure(rows);
        BatchedMlpTests.AssertClose(scalar.Measure(rows).Loss, measured.Loss, "Measure");
        Assert.Equal(scalar.Measure(rows).Accuracy, measured.Accuracy);
    }

    [Fact]
    public void Mini_batches_through_tensors_train_as_the_scalar_engine_does()
    {
        // Oracle: the scalar engine on the same seeded batches (Trainer draws them from the same Rng), to 1e-9
        // relative over 30 steps.
        var (x, y) = DemoData.Moons();
        (IReadOnlyList<TrainingStep> History, double[] Parameters) Run(ObjectiveEngine engine)
        {
            var model = MicrogradDemo.CreateModel();                // MLP(2, [16, 16, 1]) with the notebook\'s initial weights
            var objective = new Objective(model, x, y, LossKind.Hinge, l2: 1e-4) { Engine = engine };
            var history = Trainer.Fit(objective, new Sgd(model.Parameters(), k => 1.0 - 0.9 * k / 100),
                new TrainingOptions { Steps = 30, BatchSize = 16, Rng = new Rng(3) });
            return (history, model.GetParameterValues());
        }
        AssertSameRun(Run(ObjectiveEngine.Scalar), Run(ObjectiveEngine.Tensor));
    }

    [Fact]
    public void EurekaLabs_yin_yang_run_through_tensors_is_the_scalar_engines()
    {
        // Oracle: the scalar engine on EurekaLabs' run (samples/yinyang.cs: yin-yang from Rng(42), MLP(2, [8, 3]) tanh,
        // cross-entropy, AdamW), to 1e-9 relative over its 100 steps. The repository holds no printed losses of
        // EurekaLabs' own run to compare with.
        (IReadOnlyList<TrainingStep> History, double[] Parameters) Run(ObjectiveEngine engine)
        {
            var rng = new Rng(42);
            var (train, _, _) = Datasets.YinYang(rng, 100);
            var model = new Mlp(2, [8, 3], Activation.Tanh, Activation.Linear, Initialization.EurekaLabs, rng);
            var objective = new Objective(model, train, LossKind.CrossEntropy) { Engine = engine };
            var adamW = new AdamW(model.Parameters(), learningRate: 0.1, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 1e-4);
            return (Trainer.Fit(objective, adamW, new TrainingOptions { Steps = 100 }), model.GetParameterValues());
        }
        AssertSameRun(Run(ObjectiveEngine.Scalar), Run(ObjectiveEngine.Tensor));
    }

    private static void AssertSameRun(
        (IReadOnlyList<TrainingStep> History, double[] Parameters) expected, (IReadOnlyList<TrainingStep> History, double[] Parameters) actual)
    {
        Assert.Equal(expected.History.Count, actual.History.Count);
        for (var k = 0; k < expected.History.Count; k++)
        {
            MicrogradDemoTests.AssertRelative(expected.History[k].Loss, actual.History[k].Loss);
            Assert.Equal(expected.History[k].Accuracy, actual.History[k].Accuracy);
        }
        for (var i = 0; i < expected.Parameters.Length; i++)
            Assert.True(Math.Abs(actual.Parameters[i] - expected.Parameters[i]) <= 1e-9 * (1 + Math.Abs(expected.Parameters[i])),
                $"parameter {i}: expected {expected.Parameters[i]:R}, got {actual.Parameters[i]:R}");
    }
}
