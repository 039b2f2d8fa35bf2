using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

public class TrainerTests
{
    [Fact]
    public void Fit_reproduces_micrograds_demo_through_the_scalar_engine_and_reports_every_step()
    {
        // Oracle: micrograd's demo.ipynb ("step 0 loss 0.8958441028683222, accuracy 50.0%",
        // "step 99 loss 0.010978370135492717, accuracy 100.0%"), to 1e-9 relative (see MicrogradDemoTests).
        var (x, y) = DemoData.Moons();
        var model = MicrogradDemo.CreateModel();                // MLP(2, [16, 16, 1]) with the notebook\'s initial weights
        var reported = new List<TrainingStep>();
        var history = Trainer.Fit(
            new Objective(model, x, y, LossKind.Hinge, l2: 1e-4) { Engine = ObjectiveEngine.Scalar },
            new Sgd(model.Parameters(), k => 1.0 - 0.9 * k / 100),
            new TrainingOptions { Steps = 100 }, reported.Add);

        Assert.Equal(100, history.Count);
        MicrogradDemoTests.AssertRelative(0.8958441028683222, history[0].Loss);
        MicrogradDemoTests.AssertRelative(0.010978370135492717, history[99].Loss);
        Assert.Equal(0.5, history[0].Accuracy);
        Assert.Equal(1.0, history[99].Accuracy);
        Assert.Equal(1.0 - 0.9 * 99 / 100, history[99].LearningRate);
        Assert.Equal(history, reported);
    }

    [Theory]
    [InlineData(LossKind.Hinge)]
    [InlineData(LossKind.MeanSquaredError)]
    // The stable cross-entropies once took the largest logit and the logit's sign from the data: a replay then kept
    // a stale constant and drifted from the rebuilt graph in the last bits. They are written with ops now.
    [InlineData(LossKind.CrossEntropy)]
    [InlineData(LossKind.BinaryCrossEntropy)]
    public void The_compiled_full_batch_replay_is_bit_identical_to_building_every_step(LossKind loss)
    {
        // Oracle: the dynamic graph rebuilt every step (the reference semantics); the compiled replay must give the
        // very same losses, accuracies and parameters, bit for bit.
        var (x, y) = DemoData.Moons();
        double[] targets = loss is LossKind.CrossEntropy or LossKind.BinaryCrossEntropy ? [.. y.Select(v => v > 0 ? 1.0 : 0.0)] : y;
        IReadOnlyList<int> sizes = loss == LossKind.CrossEntropy ? [8, 2] : [16, 16, 1];
        (IReadOnlyList<TrainingStep> History, double[] Parameters) Run(bool compiled)
        {
            var model = new Mlp(2, sizes, rng: new Rng(5));
            var objective = new Objective(model, x, targets, loss, l2: 1e-4) { Engine = ObjectiveEngine.Scalar, UseCompiledGraph = compiled };
            var history = Trainer.Fit(objective, new Sgd(model.Parameters(), k => 1.0 - 0.9 * k / 100), new TrainingOptions { Steps = 20 });
            return (history, model.GetParameterValues());
        }

        var dynamic = Run(compiled: false);
        var replayed = Run(compiled: true);
        Assert.Equal(dynamic.History, replayed.History);
        Assert.Equal(dynamic.Parameters, replayed.Parameters);
    }

    [Fact]
    public void Mini_batches_are_seeded()
    {
        static IReadOnlyList<TrainingStep> Run()
        {
            var (x, y) = DemoData.Moons();
            var model = new Mlp(2, [4, 1], rng: new Rng(2));
            return Trainer.Fit(new Objective(model, x, y, LossKind.Hinge), new Sgd(model.Parameters(), 0.05),
                new TrainingOptions { Steps = 5, BatchSize = 10, Rng = new Rng(11) });
        }
        var a = Run();
        Assert.Equal(a, Run());
        // A 10-sample batch has accuracy in tenths.
        Assert.All(a, s => Assert.Equal(Math.Round(s.Accuracy * 10), s.Accuracy * 10, 1e-12));
    }

    [Fact]
    public void Cross_entropy_training_reduces_the_loss()
    {
        var data = MicroGrad.Data.Datasets.Blobs(60, 3, 0.5, new Rng(4));
        var model = new Mlp(2, [8, 3], rng: new Rng(4));
        var history = Trainer.Fit(new Objective(model, data, LossKind.CrossEntropy),
            new AdamW(model.Parameters(), learningRate: 0.05), new TrainingOptions { Steps = 30 });
        Assert.True(history[^1].Loss < history[0].Loss);
    }

    [Fact]
    public void Divergence_stops_with_advice_to_lower_the_learning_rate()
    {
        var model = new Mlp(1, [1], rng: new Rng(1));
        double[][] x = [[100.0], [-100.0]];
        var ex = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(
            new Objective(model, x, [1.0, -1.0], LossKind.MeanSquaredError),
            new Sgd(model.Parameters(), learningRate: 10.0), new TrainingOptions { Steps = 1000 }));
        Assert.Contains("Try a smaller learning rate, e.g. 1.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("learning rate 10.0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_between_steps()
    {
        var (x, y) = DemoData.Moons();
        var model = new Mlp(2, [4, 1]);
        using var cts = new CancellationTokenSource();
        var reported = new List<TrainingStep>();
        void OnStep(TrainingStep s)
        {
            reported.Add(s);
            if (s.Step == 2)
                cts.Cancel();
        }
        Assert.Throws<OperationCanceledException>(() => Trainer.Fit(new Objective(model, x, y, LossKind.Hinge),
            new Sgd(model.Parameters(), 0.1), new TrainingOptions { Steps = 50 }, OnStep, cts.Token));
        Assert.Equal(3, reported.Count);
    }

    [Fact]
    public void A_huge_step_count_is_not_allocated_up_front()
    {
        // 10⁷ steps of history, 32 bytes each, would be 320 MB if reserved before the first step (a count whose
        // history cannot fit at all, such as int.MaxValue, is refused: NetworkSizeTests). The run must start, stop
        // when cancelled like any other, and allocate only what its 3 steps need: bytes counted, not time.
        var (x, y) = DemoData.Moons();
        var model = new Mlp(2, [4, 1]);
        var objective = new Objective(model, x, y, LossKind.Hinge);
        var optimizer = new Sgd(model.Parameters(), 0.1);
        using var cts = new CancellationTokenSource();
        var steps = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<OperationCanceledException>(() => Trainer.Fit(objective, optimizer,
            new TrainingOptions { Steps = 10_000_000 }, s =>
            {
                if (++steps == 3)
                    cts.Cancel();
            }, cts.Token));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3, steps);
        Assert.True(allocated < 32 << 20, $"3 steps allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Bad_data_names_expected_and_actual()
    {
        var model = new Mlp(2, [3, 1]);
        var empty = Assert.Throws<ArgumentException>(() => new Objective(model, Array.Empty<double[]>(), [], LossKind.Hinge));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        var label = Assert.Throws<ArgumentException>(() => new Objective(model, [[1.0, 2.0], [3.0, 4.0]], [1.0, 0.0], LossKind.Hinge));
        Assert.Contains("{-1, 1} at index 1; got 0.0", label.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<ArgumentException>(() => new Objective(model, [[1.0, double.PositiveInfinity]], [1.0], LossKind.Hinge));
        Assert.Contains("row 0, column 1; got inf", nan.Message, StringComparison.Ordinal);
        var width = Assert.Throws<ArgumentException>(() => new Objective(model, [[1.0]], [1.0], LossKind.Hinge));
        Assert.Contains("width 2", width.Message, StringComparison.Ordinal);
        var outputs = Assert.Throws<ArgumentException>(() => new Objective(model, [[1.0, 2.0]], [0.0], LossKind.CrossEntropy));
        Assert.Contains("Expected a model with 2 output(s)", outputs.Message, StringComparison.Ordinal);
        var cls = new Mlp(2, [3]);
        var ce = Assert.Throws<ArgumentException>(() => new Objective(cls, [[1.0, 2.0]], [3.0], LossKind.CrossEntropy));
        Assert.Contains("class indices 0 … 2 at index 0; got 3.0", ce.Message, StringComparison.Ordinal);
    }
}
