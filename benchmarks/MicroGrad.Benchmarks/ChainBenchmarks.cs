using BenchmarkDotNet.Attributes;

namespace MicroGrad.Benchmarks;

/// <summary>
/// Backward on a chain 1,000,000 nodes deep (x + 1 + 1 + …: 2,000,001 nodes counting the constant leaves), which
/// must run in linear time on the default thread stack (issue 6 target: under 0.3 s). The chain is built once in
/// the setup; the benchmark times <see cref="Value.Backward"/> alone.
/// </summary>
[MemoryDiagnoser]
public class ChainBenchmarks
{
    private const int Depth = 1_000_000;
    private Value _x = new(0.0);
    private Value _output = new(0.0);

    [GlobalSetup]
    public void Setup()
    {
        _x = new Value(0.0);
        var y = _x;
        for (var i = 0; i < Depth; i++)
            y = y + 1.0;
        _output = y;
    }

    [Benchmark(Description = "backward, 10^6-deep chain")]
    public double ChainBackward()
    {
        _output.Backward();
        return _x.Grad;
    }
}
