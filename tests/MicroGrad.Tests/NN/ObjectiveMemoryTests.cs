using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>The tensor engine's steps reuse their buffers: a step allocates a few small objects per layer, not arrays
/// as long as the batch, and reusing gives the same bits as building afresh.</summary>
[Collection(Engine.TensorThreadsCollection.Name)]
public class ObjectiveMemoryTests
{
    private static (double[][] X, double[] Y) Rows(int n)
    {
        var rng = new Rng(77);
        var x = new double[n][];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = [rng.Normal(), rng.Normal(), rng.Normal()];
            y[i] = x[i][0] + x[i][1] > 0 ? 1 : x[i][2] > 0 ? 2 : 0;
        }
        return (x, y);
    }

    /// <summary>Bytes this thread allocates over steps 3 … 10 of full-batch Adam training on <paramref name="n"/>
    /// rows, the fewest of three runs (a one-off allocation by the runtime, such as tiered JIT, cannot fail the test;
    /// code that allocates per step allocates in every run). A count of bytes, not a timing.</summary>
    private static long BytesOfEightSteps(int n, bool miniBatch)
    {
        var (x, y) = Rows(n);
        var model = new Mlp(3, [16, 16, 3], rng: new Rng(1));
        var objective = new Objective(model, x, y, LossKind.CrossEntropy, l2: 1e-4);
        var adam = new Adam(model.Parameters(), 0.01);
        var sampler = new BatchSampler(n, new Rng(2));
        void Step()
        {
            if (miniBatch)
                objective.ComputeGradients(sampler.Next(64));
            else
                objective.ComputeGradients();
            adam.Step();
        }
        Step();
        Step();
        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var k = 0; k < 8; k++)
                Step();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_step_allocates_the_same_few_kilobytes_whatever_the_number_of_rows(bool miniBatch)
    {
        // Without reuse a full-batch step on 2,000 rows allocates 1.6 MB (each 2000×16 node's data and gradient,
        // 256 KB each); with it, the nodes and the traversal's lists: a few KB a step, the same on 8,000 rows.
        // On one thread: from 8,000 rows on, the larger ops run under Parallel.For, whose own bookkeeping (a few hundred
        // bytes per parallel op, not per row) would otherwise count here. Tensor.Threads is process-wide, hence the
        // collection that keeps the tests that set it from running at the same time.
        var threads = Tensor.Threads;
        long small, large;
        try
        {
            Tensor.Threads = 1;
            small = BytesOfEightSteps(2000, miniBatch);
            large = BytesOfEightSteps(8000, miniBatch);
        }
        finally
        {
            Tensor.Threads = threads;
        }
        Assert.True(small < 8 * 32_000, $"8 steps on 2,000 rows allocated {small:N0} B");
        Assert.True(large - small < 8 * 1_000, $"8 steps allocated {small:N0} B on 2,000 rows and {large:N0} B on 8,000");
    }

    [Theory]
    [InlineData(LossKind.CrossEntropy)]
    [InlineData(LossKind.Hinge)]
    [InlineData(LossKind.MeanSquaredError)]
    [InlineData(LossKind.BinaryCrossEntropy)]
    public void Steps_on_reused_buffers_give_the_bits_of_a_fresh_objective(LossKind loss)
    {
        // Oracle: a new Objective per step (new buffers, nothing reused) on the same model and rows: the same losses,
        // accuracies and gradients, bit for bit, through full batches and mini-batches of two sizes, each size twice in a
        // row (so that the second step of a size runs on the buffers the first one left).
        var (x, classes) = Rows(300);
        double[] y = loss switch
        {
            LossKind.CrossEntropy => classes,
            LossKind.Hinge => [.. classes.Select(c => c == 1 ? 1.0 : -1.0)],
            LossKind.BinaryCrossEntropy => [.. classes.Select(c => c == 1 ? 1.0 : 0.0)],
            _ => [.. x.Select(r => r[0] - 2 * r[1])],
        };
        var model = new Mlp(3, [8, loss == LossKind.CrossEntropy ? 3 : 1], rng: new Rng(4));
        var reused = new Objective(model, x, y, loss, l2: 1e-3);
        var adam = new Adam(model.Parameters(), 0.05);
        var sampler = new BatchSampler(x.Length, new Rng(6));
        for (var step = 0; step < 12; step++)
        {
            int[]? rows = (step / 2 % 3) switch { 0 => null, 1 => sampler.Next(32).ToArray(), _ => sampler.Next(50).ToArray() };
            var expected = rows is null
                ? new Objective(model, x, y, loss, l2: 1e-3).ComputeGradients()
                : new Objective(model, x, y, loss, l2: 1e-3).ComputeGradients(rows);
            var expectedGradients = model.Parameters().Select(p => p.Grad).ToArray();
            var actual = rows is null ? reused.ComputeGradients() : reused.ComputeGradients(rows);
            Assert.Equal(expected, actual);
            Assert.Equal(expectedGradients, model.Parameters().Select(p => p.Grad));
            Assert.Equal(new Objective(model, x, y, loss, l2: 1e-3).Measure(), reused.Measure());
            adam.Step();
        }
    }

    [Fact]
    public void A_step_stopped_by_anomaly_mode_leaves_the_gradients_and_the_next_step_as_they_would_be()
    {
        // Oracle: a fresh Objective on the same model (nothing reused), bit for bit. A NaN weight makes the forward
        // throw in anomaly mode after the step's buffers were handed out: the parameters' gradients must be those of the
        // last good step, and the next step must not see anything the stopped one left in the buffers.
        var (x, y) = Rows(200);
        var model = new Mlp(3, [8, 3], rng: new Rng(4));
        var objective = new Objective(model, x, y, LossKind.CrossEntropy, l2: 1e-3);
        objective.ComputeGradients();
        var gradients = model.Parameters().Select(p => p.Grad).ToArray();

        var weight = model.Parameters()[5];
        var saved = weight.Data;
        weight.Data = double.NaN;
        using (Value.DetectAnomaly())
            Assert.ThrowsAny<ArithmeticException>(() => objective.ComputeGradients());
        Assert.Equal(gradients, model.Parameters().Select(p => p.Grad));

        weight.Data = saved;
        var expected = new Objective(model, x, y, LossKind.CrossEntropy, l2: 1e-3).ComputeGradients();
        var expectedGradients = model.Parameters().Select(p => p.Grad).ToArray();
        Assert.Equal(expected, objective.ComputeGradients());
        Assert.Equal(expectedGradients, model.Parameters().Select(p => p.Grad));
    }

    [Fact]
    public void Measure_over_more_rows_than_a_pass_holds_agrees_with_one_pass()
    {
        // Oracle: the loss of every row at once, as the rows' losses averaged by a single batch (Measure over one pass
        // of the first rows and one of the rest, weighted by their counts); to 1e-12 relative, the two sums' rounding.
        var n = Objective.MeasureChunkRows + 1000;
        var (x, y) = Rows(n);
        var model = new Mlp(3, [8, 3], rng: new Rng(4));
        var objective = new Objective(model, x, y, LossKind.CrossEntropy, l2: 1e-3);
        var head = Enumerable.Range(0, Objective.MeasureChunkRows).ToArray();
        var tail = Enumerable.Range(Objective.MeasureChunkRows, 1000).ToArray();
        var l2 = 1e-3 * model.Parameters().Sum(p => p.Data * p.Data);
        var (headLoss, headAccuracy) = objective.Measure(head);
        var (tailLoss, tailAccuracy) = objective.Measure(tail);
        var expectedLoss = ((headLoss - l2) * head.Length + (tailLoss - l2) * tail.Length) / n + l2;
        var expectedAccuracy = Math.Round(headAccuracy * head.Length + tailAccuracy * tail.Length) / n;

        var measured = objective.Measure();
        BatchedMlpTests.AssertClose(expectedLoss, measured.Loss, "loss");
        Assert.Equal(expectedAccuracy, measured.Accuracy);
        // A graph over every row gives the same loss (the one-pass reference).
        BatchedMlpTests.AssertClose(objective.ComputeGradients().Loss, measured.Loss, "loss of the step");
    }
}
