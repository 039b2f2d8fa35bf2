using BenchmarkDotNet.Attributes;

namespace MicroGrad.Benchmarks;

/// <summary>
/// What gradients as values cost beside <see cref="Value.Backward"/>, on micrograd's demo loss (MLP 2-16-16-1, 100
/// samples, hinge + L2; the graph built once in the setup): the same gradient by <see cref="Autograd.Grad"/> as numbers
/// and as a graph (<c>createGraph</c>), and a Hessian-vector product over the 337 parameters (a gradient graph, then
/// a reverse pass through it).
/// </summary>
[MemoryDiagnoser]
public class AutogradBenchmarks
{
    private Value _loss = new(0.0);
    private IReadOnlyList<Value> _parameters = [];
    private double[] _direction = [];

    [GlobalSetup]
    public void Setup()
    {
        var demo = new DemoStepBenchmarks();
        demo.Setup();
        _loss = demo.BuildLoss();
        _parameters = demo.Parameters;
        _direction = new double[_parameters.Count];
        Array.Fill(_direction, 1.0);
    }

    [Benchmark(Baseline = true, Description = "gradient, Backward")]
    public double Backward()
    {
        _loss.Backward();
        return _parameters[0].Grad;
    }

    [Benchmark(Description = "gradient, Autograd.Grad")]
    public double Grad() => Autograd.Grad(_loss, _parameters)[0].Data;

    [Benchmark(Description = "gradient as a graph, Autograd.Grad(createGraph: true)")]
    public double GradGraph() => Autograd.Grad(_loss, _parameters, createGraph: true)[0].Data;

    [Benchmark(Description = "Hessian-vector product")]
    public double HessianVectorProduct() => Autograd.HessianVectorProduct(_loss, _parameters, _direction)[0];
}
