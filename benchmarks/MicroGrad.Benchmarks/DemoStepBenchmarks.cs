using BenchmarkDotNet.Attributes;

namespace MicroGrad.Benchmarks;

/// <summary>
/// One training step of micrograd's demo on a dynamic graph: MLP 2-16-16-1 (ReLU), 100 samples, hinge loss +
/// 1e-4·Σp², forward + backward + SGD update, written as the notebook writes it (micrograd in Python: about
/// 1,566 ms per step on this machine class). The MLP is spelled out with plain Values so that this measures the
/// engine alone. The compiled case replays the same graph, compiled once in the setup (the graph's shape is the
/// same at every step: full batch, fixed data). The two Objective cases run the library's own step (an Mlp, the
/// hinge + L2 objective, then the same SGD update) through each engine: the tensor engine (the default) and the scalar
/// engine's compiled replay.
/// </summary>
[MemoryDiagnoser]
public class DemoStepBenchmarks
{
    private double[][] _x = [];
    private double[] _y = [];
    private Value[] _parameters = [];
    private CompiledGraph? _compiled;
    private NN.Objective? _tensorObjective;
    private NN.Objective? _scalarObjective;
    // SGD with the notebook's schedule at k = 50 (the graph's shape, and so the cost, is the same at every k).
    private const double LearningRate = 1.0 - 0.9 * 50 / 100;

    [GlobalSetup]
    public void Setup()
    {
        (_x, _y) = DemoData.Moons();
        var init = DemoData.InitialParameters();
        _parameters = new Value[init.Length];
        for (var i = 0; i < init.Length; i++)
            _parameters[i] = new Value(init[i]);
        _compiled = Loss().Compile();
        _tensorObjective = DemoObjective(NN.ObjectiveEngine.Tensor);
        _scalarObjective = DemoObjective(NN.ObjectiveEngine.Scalar);
    }

    private NN.Objective DemoObjective(NN.ObjectiveEngine engine)
    {
        var model = new NN.Mlp(2, [16, 16, 1]);
        model.SetParameterValues(DemoData.InitialParameters());
        return new NN.Objective(model, _x, _y, NN.LossKind.Hinge, l2: 1e-4) { Engine = engine };
    }

    [Benchmark(Description = "demo step, Objective on tensors")]
    public double TensorObjectiveStep() => ObjectiveStep(_tensorObjective!);

    [Benchmark(Description = "demo step, Objective on the compiled scalar graph")]
    public double ScalarObjectiveStep() => ObjectiveStep(_scalarObjective!);

    private static double ObjectiveStep(NN.Objective objective)
    {
        var loss = objective.ComputeGradients().Loss;
        foreach (var p in objective.Model.Parameters())
            p.Data -= LearningRate * p.Grad;
        return loss;
    }

    [Benchmark(Description = "demo step, dynamic graph")]
    public double DynamicStep()
    {
        var loss = Loss();
        foreach (var p in _parameters)
            p.Grad = 0.0;
        loss.Backward();
        foreach (var p in _parameters)
            p.Data -= LearningRate * p.Grad;
        return loss.Data;
    }

    [Benchmark(Description = "demo step, compiled graph")]
    public double CompiledStep()
    {
        var loss = _compiled!.Forward();
        foreach (var p in _parameters)
            p.Grad = 0.0;
        _compiled.Backward();
        foreach (var p in _parameters)
            p.Data -= LearningRate * p.Grad;
        return loss;
    }

    /// <summary>Nodes built per step, for bytes per node (allocated bytes / nodes).</summary>
    public int NodesPerStep() => Loss().TopologicalOrder().Count;

    /// <summary>The 337 parameters, as leaves of <see cref="BuildLoss"/>'s graphs.</summary>
    public IReadOnlyList<Value> Parameters => _parameters;

    /// <summary>Builds the loss graph once (for measuring the bytes a compile allocates).</summary>
    public Value BuildLoss() => Loss();

    private Value Loss()
    {
        Value total = 0.0;
        for (var s = 0; s < _x.Length; s++)
        {
            var score = Forward(_x[s]);
            total += (1.0 + -_y[s] * score).Relu();
        }
        var dataLoss = total * (1.0 / _x.Length);
        Value squares = 0.0;
        foreach (var p in _parameters)
            squares += p * p;
        return dataLoss + 1e-4 * squares;
    }

    private Value Forward(double[] input)
    {
        Value[] activations = [input[0], input[1]];
        var offset = 0;
        int[] sizes = [16, 16, 1];
        for (var layer = 0; layer < sizes.Length; layer++)
        {
            var next = new Value[sizes[layer]];
            for (var n = 0; n < next.Length; n++)
            {
                Value sum = _parameters[offset + activations.Length]; // bias after the weights
                for (var i = 0; i < activations.Length; i++)
                    sum += _parameters[offset + i] * activations[i];
                offset += activations.Length + 1;
                next[n] = layer < sizes.Length - 1 ? sum.Relu() : sum;
            }
            activations = next;
        }
        return activations[0];
    }
}
