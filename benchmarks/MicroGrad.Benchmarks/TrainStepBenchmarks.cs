using BenchmarkDotNet.Attributes;
using MicroGrad.NN;

namespace MicroGrad.Benchmarks;

/// <summary>
/// One step of <c>micrograd train --data tab20k.csv --target y --layers 32,32 --optimizer adam --lr 0.01</c> (issue 10's
/// tabular workload, <see cref="TabularData"/>): MLP 10-32-32-3 (ReLU, EurekaLabs initialisation), softmax
/// cross-entropy, Adam, through <see cref="Objective"/>'s tensor engine, as <see cref="Trainer.Fit"/> runs it. Full
/// batch: <see cref="Objective.ComputeGradients()"/> then <see cref="Optimizer.Step"/>. <c>--batch-size 64</c>: the
/// trainer's batch (64 distinct rows drawn by a BatchSampler, as Trainer draws them), then the same. PyTorch's
/// <c>run.sh train</c> times the same steps (its mini-batch draws 64 indices with <c>randint</c>). The isolating cases
/// time the forward alone (<see cref="Objective.Measure()"/>: the forward without a graph, plus the accuracy) and the
/// optimizer alone. Every case runs on one thread (<see cref="Tensor.Threads"/> = 1, the baseline) except the
/// full-batch step on two threads (the "2 threads ≤ 0.6× one thread" target; the same bits).
/// </summary>
[MemoryDiagnoser]
public class TrainStepBenchmarks
{
    private Objective? _objective;
    private Adam? _adam;
    private BatchSampler? _sampler;

    [GlobalSetup(Target = nameof(FullBatchStepTwoThreads))]
    public void SetupTwoThreads()
    {
        Setup();
        Tensor.Threads = 2;
    }

    [GlobalSetup]
    public void Setup()
    {
        Tensor.Threads = 1;
        var (x, y) = TabularData.Make();
        var model = new Mlp(TabularData.Features, [32, 32, TabularData.Classes], Activation.Relu, Activation.Linear,
            Initialization.EurekaLabs, new Rng(1337));
        _objective = new Objective(model, TabularData.Standardised(x), y, LossKind.CrossEntropy);
        _adam = new Adam(model.Parameters(), 0.01);
        _sampler = new BatchSampler(_objective.Count, new Rng(1337));
    }

    [Benchmark(Description = "train step 20000x10 full batch, Adam")]
    public double FullBatchStep()
    {
        var loss = _objective!.ComputeGradients().Loss;
        _adam!.Step();
        return loss;
    }

    [Benchmark(Description = "train step 20000x10 full batch, Adam, 2 threads")]
    public double FullBatchStepTwoThreads() => FullBatchStep();

    [Benchmark(Description = "train step 20000x10 batch 64, Adam")]
    public double MiniBatchStep()
    {
        var loss = _objective!.ComputeGradients(_sampler!.Next(64)).Loss;
        _adam!.Step();
        return loss;
    }

    [Benchmark(Description = "train 20000x10: forward only (Measure, full batch)")]
    public double ForwardOnly() => _objective!.Measure().Loss;

    [Benchmark(Description = "train 20000x10: Adam update only (1,507 parameters)")]
    public int AdamOnly()
    {
        _adam!.Step();
        return _adam.StepCount;
    }
}
