namespace MicroGrad.Tests.Engine;

/// <summary>
/// MatMul's kernels (Internals/MatrixKernels.cs) against their numerical rule, bit for bit: each output element is
/// one fused multiply-add chain over the inner index in increasing order from 0 (the oracle: the plain triple loop
/// below, <see cref="Math.FusedMultiplyAdd"/> in that order), an accumulating product adds the chain once, and
/// <c>Aᵀ·G</c> adds its partial sums over fixed blocks of <see cref="MatrixKernels.ReductionBlock"/> rows in block
/// order. Hence every register width, every thread count and every batch give the same bits.
/// </summary>
[Collection(TensorThreadsCollection.Name)]
public class TensorMatMulTests
{
    private const int Block = MatrixKernels.ReductionBlock;

    // Shapes (n, k, m): 1×1·1×1, odd sizes, k = 1, m below, between and above the vector widths (4 and 8, leaving
    // 1–3 columns to the padded tail), rows around the reduction block (−1, =, +1, 2·block + 3), the MLP step's own
    // shapes, and an inner dimension too long for the padded tail (600: scalar tail).
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 3, 5, 7 }, { 7, 13, 9 }, { 5, 1, 6 }, { 6, 4, 1 }, { 9, 32, 32 }, { 4, 10, 13 }, { 2, 3, 21 },
        { Block - 1, 3, 5 }, { Block, 6, 3 }, { Block + 1, 2, 17 }, { 2 * Block + 3, 5, 12 }, { 64, 10, 32 }, { 33, 32, 3 }, { 3, 600, 3 },
    };

    public static TheoryData<int, int, int, string> ShapesAndWidths()
    {
        var data = new TheoryData<int, int, int, string>();
        foreach (var row in Shapes())
        {
            // Every width runs on any x64 machine (a width the hardware lacks is emulated by .NET, with the same bits).
            foreach (var width in Enum.GetValues<KernelWidth>())
                data.Add((int)row[0], (int)row[1], (int)row[2], width.ToString());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesAndWidths))]
    public void Every_kernel_on_every_width_gives_the_bits_of_the_fma_loops(int n, int k, int m, string widthName)
    {
        var width = Enum.Parse<KernelWidth>(widthName);
        var rng = new Rng(17);
        var (a, b, g) = (Normals(rng, n * k), Normals(rng, k * m), Normals(rng, n * m));
        var (ga, gb) = (Normals(rng, n * k), Normals(rng, k * m));
        var c = Normals(rng, n * m); // stale values: the forward must assign, not add

        MatrixKernels.Multiply(a, b, c, n, k, m, accumulate: false, width, threads: 1);
        var expectedGa = GradientLeft(g, b, ga, n, m, k);
        var expectedGb = GradientRight(a, g, gb, n, k, m);
        MatrixKernels.MultiplyTransposedRight(g, b, ga, n, m, k, width, threads: 1);
        MatrixKernels.MultiplyTransposedLeft(a, g, gb, n, k, m, width, threads: 1);

        AssertBits(Product(a, b, n, k, m), c, "A·B");
        AssertBits(expectedGa, ga, "dA += G·Bᵀ");
        AssertBits(expectedGb, gb, "dB += Aᵀ·G");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatMul_and_its_gradients_through_the_graph_give_the_bits_of_the_fma_loops(int n, int k, int m)
    {
        // Oracle: the fma loops; the graph's part (Sum of C·W sends exactly W to C, leaves get 0.0 + their sum).
        var rng = new Rng(7);
        var (a, b, w) = (Normals(rng, n * k), Normals(rng, k * m), Normals(rng, n * m));
        var (ta, tb) = (new Tensor(n, k, a), new Tensor(k, m, b));
        var product = ta.MatMul(tb);
        (product * new Tensor(n, m, w)).Sum().Backward();

        AssertBits(Product(a, b, n, k, m), product.Data, "A·B");
        AssertBits(Leaf(GradientLeft(w, b, new double[n * k], n, m, k)), ta.Grad, "dA");
        AssertBits(Leaf(GradientRight(a, w, new double[k * m], n, k, m)), tb.Grad, "dB");
    }

    [Fact]
    public void Every_width_gives_the_scalar_paths_bits_on_the_training_steps_shapes()
    {
        // Oracle: the scalar path (Math.FusedMultiplyAdd), which MICROGRAD_SIMD=0 forces for a whole process.
        foreach (var (n, k, m) in new[] { (2000, 10, 32), (2000, 32, 32), (2000, 32, 3) })
        {
            var scalar = RunAll(n, k, m, KernelWidth.Scalar, threads: 1);
            foreach (var width in new[] { KernelWidth.Vector256, KernelWidth.Vector512 })
            {
                var vector = RunAll(n, k, m, width, threads: 1);
                for (var r = 0; r < 3; r++)
                    AssertBits(scalar[r], vector[r], $"{width} {n}×{k}·{k}×{m} result {r}");
            }
        }
    }

    [Fact]
    public void One_two_or_three_threads_give_the_same_bits()
    {
        // Oracle: one thread. 2000×32·32×32 is above the parallel threshold, so 2 and 3 threads split the work.
        Assert.True(2000L * 32 * 32 >= MatrixKernels.ParallelWork);
        var one = RunAll(2000, 32, 32, Simd.Width, threads: 1);
        foreach (var threads in new[] { 2, 3 })
        {
            var many = RunAll(2000, 32, 32, Simd.Width, threads);
            for (var r = 0; r < 3; r++)
                AssertBits(one[r], many[r], $"{threads} threads, result {r}");
        }
    }

    [Fact]
    public void Tensor_threads_do_not_change_a_training_graphs_bits()
    {
        // Oracle: the same graph with Tensor.Threads = 1. Tensor.Threads is process-wide; other tests running meanwhile
        // get the same bits whatever it is, which is what this test checks.
        Assert.True(5000L * 32 * 32 >= MatrixKernels.ParallelWork && 5000 * 32 >= Tensor.ParallelElements);
        var before = Tensor.Threads;
        try
        {
            var results = new List<double[][]>();
            foreach (var threads in new[] { 1, 2, 3 })
            {
                Tensor.Threads = threads;
                var rng = new Rng(5);
                // 5000×32: above the thresholds of both the products and the elementwise passes.
                var x = new Tensor(5000, 32, Normals(rng, 5000 * 32));
                var w = new Tensor(32, 32, Normals(rng, 32 * 32));
                var bias = new Tensor(1, 32, Normals(rng, 32));
                var h = (x.MatMul(w) + bias).Relu();
                // Cross-entropy's rows run in parallel blocks too (its total sums the rows in order).
                int[] classes = [.. Enumerable.Range(0, 5000).Select(i => i * 7 % 32)];
                ((h * h.Tanh()).Mean() + MicroGrad.NN.Losses.CrossEntropy(h, classes)).Backward();
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
    public void A_row_alone_gives_the_bits_it_has_in_a_thousand_row_batch()
    {
        // MatMul's documented contract: oracle = the same product of one row (the batch goes through the vector tiles
        // of 4 rows and, at 1000×32·32×32, through threads; a row alone through the one-row tiles).
        var rng = new Rng(9);
        var (n, k, m) = (1000, 32, 32);
        var x = Normals(rng, n * k);
        var weights = new Tensor(k, m, Normals(rng, k * m));
        var batch = new Tensor(n, k, x).MatMul(weights);
        for (var r = 0; r < n; r++)
        {
            var alone = new Tensor(1, k, x[(r * k)..((r + 1) * k)]).MatMul(weights);
            AssertBits(batch.Data.AsSpan(r * m, m).ToArray(), alone.Data, $"row {r}");
        }
    }

    [Fact]
    public void Threads_below_one_are_refused()
    {
        var before = Tensor.Threads;
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Threads = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Threads = -1);
        Assert.Equal(before, Tensor.Threads);
    }

    // The three products of one (n, k, m) on one width and thread count, from a fixed seed: C, dA, dB.
    private static double[][] RunAll(int n, int k, int m, KernelWidth width, int threads)
    {
        var rng = new Rng(3);
        var (a, b, g) = (Normals(rng, n * k), Normals(rng, k * m), Normals(rng, n * m));
        var (c, ga, gb) = (new double[n * m], Normals(rng, n * k), Normals(rng, k * m));
        MatrixKernels.Multiply(a, b, c, n, k, m, accumulate: false, width, threads);
        MatrixKernels.MultiplyTransposedRight(g, b, ga, n, m, k, width, threads);
        MatrixKernels.MultiplyTransposedLeft(a, g, gb, n, k, m, width, threads);
        return [c, ga, gb];
    }

    // C = A·B: c[i, j] = fma chain over p = 0…k−1 from 0.
    private static double[] Product(double[] a, double[] b, int n, int k, int m)
    {
        var c = new double[n * m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var acc = 0.0;
                for (var p = 0; p < k; p++)
                    acc = Math.FusedMultiplyAdd(a[i * k + p], b[p * m + j], acc);
                c[i * m + j] = acc;
            }
        }
        return c;
    }

    // ga + G·Bᵀ: ga[i, p] + (fma chain over j = 0…m−1 of g[i, j]·b[p, j] from 0).
    private static double[] GradientLeft(double[] g, double[] b, double[] ga, int n, int m, int k)
    {
        var result = (double[])ga.Clone();
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < k; p++)
            {
                var acc = 0.0;
                for (var j = 0; j < m; j++)
                    acc = Math.FusedMultiplyAdd(g[i * m + j], b[p * m + j], acc);
                result[i * k + p] = ga[i * k + p] + acc;
            }
        }
        return result;
    }

    // gb + Aᵀ·G: per block of rows an fma chain over its rows from 0, the blocks' partials added in order, then gb + total.
    private static double[] GradientRight(double[] a, double[] g, double[] gb, int n, int k, int m)
    {
        var result = (double[])gb.Clone();
        for (var p = 0; p < k; p++)
        {
            for (var j = 0; j < m; j++)
            {
                var total = 0.0;
                for (var start = 0; start < n; start += Block)
                {
                    var acc = 0.0;
                    for (var i = start; i < Math.Min(n, start + Block); i++)
                        acc = Math.FusedMultiplyAdd(a[i * k + p], g[i * m + j], acc);
                    total = start == 0 ? acc : total + acc;
                }
                result[p * m + j] = gb[p * m + j] + total;
            }
        }
        return result;
    }

    // What Backward leaves in a leaf's gradient that was zero: 0.0 + its sum.
    private static double[] Leaf(double[] sum) => Array.ConvertAll(sum, s => 0.0 + s);

    private static double[] Normals(Rng rng, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = rng.Normal();
        return values;
    }

    internal static void AssertBits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (bit for bit)");
        }
    }
}

/// <summary>The tests that set the process-wide <see cref="Tensor.Threads"/>: one collection, so xunit runs them one at
/// a time (results do not depend on the setting, but a test that reads it back would see another's value).</summary>
[CollectionDefinition(Name)]
public sealed class TensorThreadsCollection
{
    public const string Name = "Tensor.Threads";
}
