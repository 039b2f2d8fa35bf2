using MicroGrad.Regression;

namespace MicroGrad.Tests.Regression;

public class RegressionKernelsTests
{
    /// <summary>Seeded data: m rows of k uniform features in [−1, 1), targets and coefficients likewise.</summary>
    private static (double[] X, double[] Y, double[] Beta) Data(int m, int k, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[m * k];
        var y = new double[m];
        var beta = new double[k];
        for (var i = 0; i < x.Length; i++)
            x[i] = rng.Uniform(-1, 1);
        for (var i = 0; i < m; i++)
            y[i] = rng.Uniform(-1, 1);
        for (var j = 0; j < k; j++)
            beta[j] = rng.Uniform(-1, 1);
        return (x, y, beta);
    }

    /// <summary>The plain, unfused computation: prediction, then residual, then loss and Xᵀr, each its own loop.</summary>
    private static double Unfused(double[] x, double[] y, double[] beta, double b, double l2, double[] grad, out double gradB)
    {
        var m = y.Length;
        var k = beta.Length;
        var prediction = new double[m];
        for (var i = 0; i < m; i++)
        {
            prediction[i] = b;
            for (var j = 0; j < k; j++)
                prediction[i] += x[i * k + j] * beta[j];
        }
        var residual = new double[m];
        for (var i = 0; i < m; i++)
            residual[i] = y[i] - prediction[i];
        var loss = 0.0;
        foreach (var r in residual)
            loss += r * r / m;
        for (var j = 0; j < k; j++)
        {
            loss += l2 * beta[j] * beta[j];
            var s = 0.0;
            for (var i = 0; i < m; i++)
                s += x[i * k + j] * residual[i];
            grad[j] = -2.0 / m * s + 2.0 * l2 * beta[j];
        }
        gradB = 0;
        foreach (var r in residual)
            gradB -= 2.0 / m * r;
        return loss;
    }

    /// <summary>Σ|rᵢ·xᵢⱼ| summed over j and i plus Σ rᵢ²: the scale that bounds the rounding of any summation order.</summary>
    private static double Magnitude(double[] x, double[] y, double[] beta, double b)
    {
        var m = y.Length;
        var k = beta.Length;
        var total = 0.0;
        for (var i = 0; i < m; i++)
        {
            var r = Math.Abs(y[i]) + Math.Abs(b);
            for (var j = 0; j < k; j++)
                r += Math.Abs(x[i * k + j] * beta[j]);
            for (var j = 0; j < k; j++)
                total += r * Math.Abs(x[i * k + j]);
            total += r * (r + 1);
        }
        return total / m;
    }

    // Tolerance: every quantity is a sum of at most m + k products, so any two summation orders (and FMA versus
    // separate rounding) differ by at most about 2·(m + k)·ε·Σ|terms| (Higham, Accuracy and Stability, §3.1); with
    // m ≤ 1003 that is below 5e-13 of the magnitude, and 1e-12 leaves room without hiding a wrong index.
    private const double RelativeTolerance = 1e-12;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(8, 4)]
    [InlineData(101, 5)]
    [InlineData(1000, 8)]
    [InlineData(1003, 8)]
    [InlineData(250, 11)]
    [InlineData(33, 16)]
    public void Fused_vector_and_scalar_kernels_equal_the_unfused_computation(int m, int k)
    {
        // Oracle: the plain three-loop computation above (prediction, residual, Xᵀr), the definition of the gradient.
        var (x, y, beta) = Data(m, k, (ulong)(m * 31 + k));
        const double b = 0.25, l2 = 0.1;
        var expected = new double[k];
        var expectedLoss = Unfused(x, y, beta, b, l2, expected, out var expectedGradB);
        var scale = Magnitude(x, y, beta, b) * RelativeTolerance;
        foreach (var simd in (bool[])[false, true])
        {
            var grad = new double[k];
            var loss = GradientDescentSolver.LossAndGradient(x, y, beta, b, l2, grad, out var gradB, simd);
            Assert.True(Math.Abs(loss - expectedLoss) <= scale, $"simd={simd}: loss {loss} vs {expectedLoss}");
            Assert.True(Math.Abs(gradB - expectedGradB) <= scale, $"simd={simd}: ∂b {gradB} vs {expectedGradB}");
            for (var j = 0; j < k; j++)
                Assert.True(Math.Abs(grad[j] - expected[j]) <= scale, $"simd={simd}: ∂β{j} {grad[j]} vs {expected[j]}");
        }
    }

    [Fact]
    public void This_machine_runs_the_vector_path()
    {
        // The tests above compare the vector path with the scalar one; without Vector256 both would be scalar and the
        // comparison would prove nothing, so say so loudly instead of passing.
        Assert.True(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
            "Vector256 is not accelerated here: the SIMD kernel tests only exercised the scalar path.");
    }

    [Fact]
    public void The_vector_path_is_deterministic()
    {
        var (x, y, beta) = Data(999, 8, 5);
        var a = new double[8];
        var c = new double[8];
        var la = GradientDescentSolver.LossAndGradient(x, y, beta, 0.5, 0, a, out var ga, simd: true);
        var lc = GradientDescentSolver.LossAndGradient(x, y, beta, 0.5, 0, c, out var gc, simd: true);
        Assert.Equal(la, lc);
        Assert.Equal(ga, gc);
        Assert.Equal(a, c);
    }

    [Fact]
    public void Row_blocks_can_be_fed_one_after_another()
    {
        // Oracle: the unfused computation over all rows; the kernel accumulates, so two blocks give the same sums.
        var (x, y, beta) = Data(203, 8, 9);
        var expected = new double[8];
        Unfused(x, y, beta, 0, 0, expected, out _);
        var grad = new double[8];
        double sse = 0, sumR = 0;
        RegressionKernels.ResidualGradient(x.AsSpan(0, 100 * 8), y.AsSpan(0, 100), beta, 0, grad, ref sse, ref sumR, simd: true);
        RegressionKernels.ResidualGradient(x.AsSpan(100 * 8), y.AsSpan(100), beta, 0, grad, ref sse, ref sumR, simd: true);
        var scale = Magnitude(x, y, beta, 0) * RelativeTolerance;
        for (var j = 0; j < 8; j++)
            Assert.True(Math.Abs(-2.0 / 203 * grad[j] - expected[j]) <= scale, $"∂β{j}");
    }

    [Fact]
    public void A_shape_mismatch_is_an_argument_exception()
    {
        var grad = new double[2];
        double sse = 0, sumR = 0;
        Assert.Throws<ArgumentException>(() =>
            RegressionKernels.ResidualGradient(new double[5], new double[3], new double[2], 0, grad, ref sse, ref sumR, simd: true));
    }
}
