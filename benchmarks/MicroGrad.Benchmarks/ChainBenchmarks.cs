using BenchmarkDotNet.Attributes;

namespace MicroGrad.Benchmarks;

/// <summary>
/// Backward on a chain <see cref="Depth"/> nodes deep (x + 1 + 1 + …: 2·depth + 1 nodes counting the constant
/// leaves), which must run in linear time on the default thread stack (issue 6 target: under 0.3 s at 10⁶). Two
/// depths, a factor 10 apart, show the time is linear. The chain is built once in the setup; the benchmark times
/// <see cref="Value.Backward"/> alone.
/// </summary>
[MemoryDiagnoser]
public class ChainBenchmarks
{
    /// <summary>Number of additions in the chain.</summary>
    [Params(100_000, 1_000_000)]
    public int Depth { get; set; }

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

    [Benchmark(Description = "backward, deep chain")]
    public double ChainBackward()
    {
        _output.Backward();
        return _x.Grad;
    }
}
