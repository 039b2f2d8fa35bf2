using MicroGrad.NN;
using static MicroGrad.Tests.Engine.TensorMatMulTests;

namespace MicroGrad.Tests.Engine;

/// <summary>
/// <see cref="Tensor.Linear"/>, the fused layer, against its numerical rule: the bits of
/// <c>activation.Apply(x.MatMul(W) + b)</c> (the oracle: those unfused ops, themselves held to their own rules by
/// TensorMatMulTests and TensorElementwiseTests) for the output, dX and dW; the bias's gradient summed over fixed
/// blocks of 512 rows added in block order (the oracle: that loop over the unfused graph's gradient of x·W + b). Hence
/// every register width and every thread count give the same bits.
/// </summary>
[Collection(TensorThreadsCollection.Name)]
public class TensorLinearTests
{
    private const int Block = MatrixKernels.ReductionBlock;

    // Odd shapes, m = 1, 3, 32, 33 (below, at and above the vector widths), rows around the 512-row block and the
    // 256-row forward block, k = 1.
    public static TheoryData<int, int, int, string> Cases()
    {
        var data = new TheoryData<int, int, int, string>();
        (int, int, int)[] shapes =
        [
            (1, 1, 1), (3, 5, 7), (7, 13, 1), (5, 1, 3), (9, 32, 32), (4, 10, 33), (Block - 1, 3, 5), (Block, 32, 3),
            (Block + 1, 10, 32), (257, 7, 33), (2 * Block + 3, 5, 1), (1100, 32, 32),
        ];
        foreach (var (n, k, m) in shapes)
        {
            foreach (var activation in Enum.GetValues<Activation>())
                data.Add(n, k, m, activation.ToString());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Linear_gives_the_bits_of_MatMul_plus_bias_then_the_activation(int n, int k, int m, string activationName)
    {
        var activation = Enum.Parse<Activation>(activationName);
        var rng = new Rng(21);
        var (x, w, b, weights) = (Normals(rng, n * k), Normals(rng, k * m), Normals(rng, m), Normals(rng, n * m));

        var (fx, fw, fb) = (new Tensor(n, k, x), new Tensor(k, m, w), new Tensor(1, m, b));
        var fused = fx.Linear(fw, fb, activation);
        (fused * new Tensor(n, m, weights)).Sum().Backward();

        var (ux, uw, ub) = (new Tensor(n, k, x), new Tensor(k, m, w), new Tensor(1, m, b));
        var z = ux.MatMul(uw) + ub;
        var unfused = activation.Apply(z);
        (unfused * new Tensor(n, m, weights)).Sum().Backward();

        Assert.Equal(activation == Activation.Linear ? "Linear" : $"Linear({activation})", fused.Op);
        Assert.Equal([fx, fw, fb], fused.Children);
        AssertBits(unfused.Data, fused.Data, "output");
        AssertBits(ux.Grad, fx.Grad, "dX");
        AssertBits(uw.Grad, fw.Grad, "dW");
        AssertBits(BlockedColumnSums(z.Grad, n, m), fb.Grad, "db");
        if (n <= Block)
            AssertBits(ub.Grad, fb.Grad, "db (one block: the unfused sum)");
    }

    [Fact]
    public void Every_width_gives_the_scalar_paths_bits_on_the_training_steps_shapes()
    {
        // Oracle: the scalar path (Math.FusedMultiplyAdd and Value's formulas), which MICROGRAD_SIMD=0 forces.
        foreach (var (n, k, m) in new[] { (2000, 10, 32), (2000, 32, 32), (2000, 32, 3) })
        {
            foreach (var activation in new[] { Activation.Relu, Activation.Linear })
            {
                var scalar = RunKernels(n, k, m, activation, KernelWidth.Scalar, threads: 1);
                foreach (var width in new[] { KernelWidth.Vector256, KernelWidth.Vector512 })
                {
                    var vector = RunKernels(n, k, m, activation, width, threads: 1);
                    for (var r = 0; r < scalar.Length; r++)
                        AssertBits(scalar[r], vector[r], $"{width} {activation} {n}×{k}·{k}×{m} result {r}");
                }
            }
        }
    }

    [Fact]
    public void One_two_or_three_threads_give_the_same_bits()
    {
        // Oracle: one thread. 2000×32·32×32 is above the parallel threshold, so 2 and 3 threads split the blocks.
        Assert.True(2000L * 32 * 32 >= MatrixKernels.ParallelWork);
        foreach (var activation in new[] { Activation.Relu, Activation.Tanh, Activation.Linear })
        {
            var one = RunKernels(2000, 32, 32, activation, Simd.Width, threads: 1);
            foreach (var threads in new[] { 2, 3 })
            {
                var many = RunKernels(2000, 32, 32, activation, Simd.Width, threads);
                for (var r = 0; r < one.Length; r++)
                    AssertBits(one[r], many[r], $"{activation}, {threads} threads, result {r}");
            }
        }
    }

    [Fact]
    public void Tensor_threads_do_not_change_a_layers_bits()
    {
        // Oracle: the same graph with Tensor.Threads = 1.
        var before = Tensor.Threads;
        try
        {
            var results = new List<double[][]>();
            foreach (var threads in new[] { 1, 2, 3 })
            {
                Tensor.Threads = threads;
                var rng = new Rng(5);
                var x = new Tensor(5000, 32, Normals(rng, 5000 * 32));
                var w = new Tensor(32, 32, Normals(rng, 32 * 32));
                var bias = new Tensor(1, 32, Normals(rng, 32));
                var h = x.Linear(w, bias, Activation.Relu);
                (h * h.Tanh()).Mean().Backward();
                results.Add([h.Data, x.Grad, w.Grad, bias.Grad]);
            }
            for (var t = 1; t < results.Count; t++)
            {
                for (var r = 0; r < 4; r++)
                    AssertBits(results[0][r], results[t][r], $"threads {t + 1}, result {r}");
            }
        }
        finally
        {
            Tensor.Threads = before;
        }
    }

    [Fact]
    public void A_shape_mismatch_names_the_op_and_both_shapes()
    {
        var x = new Tensor(20000, 10, new double[200000]);
        var w = new Tensor(32, 32, new double[1024]);
        var e = Assert.Throws<ArgumentException>(() => x.Linear(w, new Tensor(1, 32, new double[32])));
        Assert.StartsWith("Linear: 20000×10 by 32×32 (the input's 10 columns must equal the weights' 32 rows).", e.Message, StringComparison.Ordinal);
        var x32 = new Tensor(4, 32, new double[128]);
        e = Assert.Throws<ArgumentException>(() => x32.Linear(w, new Tensor(4, 32, new double[128])));
        Assert.StartsWith("Linear: 32×32 with bias 4×32 (the bias must be 1×32, one element per column of the weights).", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => x32.Linear(w, new Tensor(1, 31, new double[31])));
        Assert.StartsWith("Linear: 32×32 with bias 1×31", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => x32.Linear(null!, new Tensor(1, 32, new double[32])));
        Assert.Throws<ArgumentNullException>(() => x32.Linear(w, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => x32.Linear(w, new Tensor(1, 32, new double[32]), (Activation)99));
    }

    [Fact]
    public void NoGrad_computes_the_data_and_records_nothing()
    {
        // Oracle: the same op with the graph recorded.
        var rng = new Rng(8);
        var x = new Tensor(6, 3, Normals(rng, 18));
        var (w, b) = (new Tensor(3, 4, Normals(rng, 12)), new Tensor(1, 4, Normals(rng, 4)));
        Tensor y;
        using (Value.NoGrad())
            y = x.Linear(w, b, Activation.Relu);
        Assert.True(y.IsLeaf);
        Assert.Empty(y.Children);
        Assert.Equal(x.Linear(w, b, Activation.Relu).Data, y.Data);
    }

    [Fact]
    public void Anomaly_mode_names_the_op_and_its_three_operands()
    {
        var x = new Tensor(2, 2, [1, 2, 3, 4], "x");
        var w = new Tensor(2, 1, [1, 1], "W");
        var b = new Tensor(1, 1, [double.PositiveInfinity], "b");
        using (Value.DetectAnomaly())
        {
            var e = Assert.Throws<ArithmeticException>(() => x.Linear(w, b));
            Assert.Equal("Anomaly detected in forward: op 'Linear' on 'x' (2×2) and 'W' (2×1) and 'b' (1×1) gave inf at row 0, column 0 of its 2×1 result.", e.Message);
        }

        // d(10·(x·W + b))/dW = 10·x = 10·1e308 overflows to +∞ (IEEE 754), while the forward stays finite: the backward
        // check names Linear and the weights, and leaves W's previous gradient as it was.
        var x1 = new Tensor(1, 1, [1e308], "x1");
        var w1 = new Tensor(1, 1, [1e-308], "W1");
        w1.Grad[0] = 7;
        var loss = (x1.Linear(w1, new Tensor(1, 1, [0.0], "b1")) * 10.0).Sum();
        using (Value.DetectAnomaly())
        {
            var e = Assert.Throws<ArithmeticException>(loss.Backward);
            Assert.Equal("Anomaly detected in backward: op 'Linear' (1×1 result) sent a non-finite gradient, inf, to 'W1' (1×1) at row 0, column 0.", e.Message);
        }
        Assert.Equal([7.0], w1.Grad);
    }

    // C, dX, dW, db of the kernels on one width and thread count, from a fixed seed (stale dX, dW, db: added into).
    private static double[][] RunKernels(int n, int k, int m, Activation activation, KernelWidth width, int threads)
    {
        var rng = new Rng(3);
        var (a, w, bias, g) = (Normals(rng, n * k), Normals(rng, k * m), Normals(rng, m), Normals(rng, n * m));
        var (c, ga, gw, gb) = (Normals(rng, n * m), Normals(rng, n * k), Normals(rng, k * m), Normals(rng, m));
        MatrixKernels.Linear(a, w, bias, c, n, k, m, activation, width, threads);
        MatrixKernels.LinearBackward(a, w, c, g, ga, gw, gb, n, k, m, activation, width, threads);
        return [c, ga, gw, gb];
    }

    // 0.0 + Σ over blocks of 512 rows (each summed down its rows from 0, the blocks added in order): what a zeroed leaf
    // bias receives.
    private static double[] BlockedColumnSums(double[] g, int n, int m)
    {
        var result = new double[m];
        for (var j = 0; j < m; j++)
        {
            var total = 0.0;
            for (var start = 0; start < n; start += Block)
            {
                var acc = 0.0;
                for (var i = start; i < Math.Min(n, start + Block); i++)
                    acc += g[i * m + j];
                total = start == 0 ? acc : total + acc;
            }
            result[j] = 0.0 + total;
        }
        return result;
    }

    private static double[] Normals(Rng rng, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = rng.Normal();
        return values;
    }
}
