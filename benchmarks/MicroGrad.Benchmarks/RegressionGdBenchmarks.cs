using BenchmarkDotNet.Attributes;
using MicroGrad.Regression;

namespace MicroGrad.Benchmarks;

/// <summary>
/// One full-batch gradient-descent iteration of linear regression at N = 10⁶, k = 8 (64 MB of X): the fused pass
/// (prediction, residual, loss and Xᵀr together) and the update, as <c>torch-gd</c> times
/// <c>w −= lr·2/N·Xᵀ(Xw − y)</c>. The memory floor is one read of X and y (72 MB) at the core's bandwidth.
/// </summary>
public class RegressionGdBenchmarks
{
    private double[] _x = [];
    private double[] _y = [];
    private readonly double[] _beta = new double[RegressionData.Columns];
    private readonly double[] _grad = new double[RegressionData.Columns];
    private double _b;

    [GlobalSetup]
    public void Setup() => (_x, _y) = RegressionData.RowMajor();

    [Benchmark(Description = "GD iteration N=1e6 k=8, fused SIMD")]
    public double FusedSimd() => Step(simd: true);

    [Benchmark(Description = "GD iteration N=1e6 k=8, scalar reference")]
    public double FusedScalar() => Step(simd: false);

    /// <summary>The floor: one vectorised read of X and y (a sum), no arithmetic to speak of.</summary>
    [Benchmark(Description = "memory floor: read X and y once")]
    public double ReadOnce() => Sum(_x) + Sum(_y);

    private static double Sum(ReadOnlySpan<double> v)
    {
        var a0 = System.Runtime.Intrinsics.Vector256<double>.Zero;
        var a1 = a0;
        var a2 = a0;
        var a3 = a0;
        var i = 0;
        for (; i + 16 <= v.Length; i += 16)
        {
            a0 += System.Runtime.Intrinsics.Vector256.Create(v.Slice(i, 4));
            a1 += System.Runtime.Intrinsics.Vector256.Create(v.Slice(i + 4, 4));
            a2 += System.Runtime.Intrinsics.Vector256.Create(v.Slice(i + 8, 4));
            a3 += System.Runtime.Intrinsics.Vector256.Create(v.Slice(i + 12, 4));
        }
        var s = System.Runtime.Intrinsics.Vector256.Sum(a0 + a1 + a2 + a3);
        for (; i < v.Length; i++)
            s += v[i];
        return s;
    }

    private double Step(bool simd)
    {
        const double rate = 0.01;
        var loss = GradientDescentSolver.LossAndGradient(_x, _y, _beta, _b, 0, _grad, out var gradB, simd);
        for (var j = 0; j < _beta.Length; j++)
            _beta[j] -= rate * _grad[j];
        _b -= rate * gradB;
        return loss;
    }
}
