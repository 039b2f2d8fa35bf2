using FsCheck;
using FsCheck.Xunit;

namespace MicroGrad.Tests.Engine;

/// <summary>
/// A compiled graph must replay exactly what the dynamic graph computes. The oracle of the bitwise tests is the
/// dynamic graph (Value.Backward), itself checked against PyTorch in TorchGraphsTests and against finite
/// differences in GradCheckTests; where PyTorch's or the notebook's numbers exist they are checked as well.
/// </summary>
public class CompiledGraphTests
{
    private static void AssertBitwiseEqual(double expected, double actual, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{what}: dynamic graph {expected:R}, compiled graph {actual:R}");

    // Moves every leaf to a new point (the same for both graph kinds), so that a replay cannot reuse stale values.
    private static double[] Moved(IReadOnlyList<double> data)
    {
        var moved = new double[data.Count];
        for (var i = 0; i < moved.Length; i++)
            moved[i] = 0.9 * data[i] + 0.05 * (i % 3 - 1);
        return moved;
    }

    [Theory]
    [MemberData(nameof(TorchGraphsTests.GraphIndices), MemberType = typeof(TorchGraphsTests))]
    public void Replay_is_bitwise_the_dynamic_graph_on_the_torch_graphs_before_and_after_moving_the_leaves(int index)
    {
        var graph = TestData.Json("torch_graphs.json")[index];
        var (leaves, output) = TorchGraphsTests.Build(graph);
        var compiled = output.Compile();

        // At the file's point: PyTorch 2.11 float64 (torch_graphs.json), tolerance of the issue.
        var value = compiled.Forward();
        var want = graph.GetProperty("value").GetDouble();
        Assert.True(Math.Abs(value - want) <= 1e-12 + 1e-10 * Math.Abs(want), $"PyTorch {want:R}, compiled {value:R}");
        compiled.Backward();
        var grads = graph.GetProperty("grads");
        for (var i = 0; i < leaves.Length; i++)
        {
            var g = grads[i].GetDouble();
            Assert.True(Math.Abs(leaves[i].Grad - g) <= 1e-12 + 1e-10 * Math.Abs(g), $"leaf {i}: PyTorch {g:R}, compiled {leaves[i].Grad:R}");
        }

        // At a new point: the compiled graph replays from the moved leaves; the dynamic graph is rebuilt there.
        var data = new double[leaves.Length];
        for (var i = 0; i < data.Length; i++)
            data[i] = leaves[i].Data;
        var moved = Moved(data);
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i].Data = moved[i];
            leaves[i].Grad = 0.0;
        }
        var replayed = compiled.Forward();
        compiled.Backward();

        var (freshLeaves, freshOutput) = TorchGraphsTests.Build(graph, moved);
        freshOutput.Backward();
        AssertBitwiseEqual(freshOutput.Data, replayed, "output");
        for (var i = 0; i < leaves.Length; i++)
            AssertBitwiseEqual(freshLeaves[i].Grad, leaves[i].Grad, $"grad of leaf {i}");
    }

    // Property over the seeded random expressions of GradCheckTests (every op, including ** with a Value exponent):
    // compile at one point, replay at another, compare with the dynamic graph built at the second point.
    [Property(MaxTest = 200, Replay = "(20261126,11)")]
    public bool Replay_is_bitwise_the_dynamic_graph_on_random_expressions(PositiveInt seed)
    {
        var s = (ulong)seed.Get;
        var function = RandomExpressions.Create(s);
        var leaves = new Value[RandomExpressions.InputCount];
        var first = RandomExpressions.Inputs(s);
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = new Value(first[i]);
        var compiled = function(leaves).Compile();

        var second = RandomExpressions.Inputs(s + 1);
        for (var i = 0; i < leaves.Length; i++)
            leaves[i].Data = second[i];
        var replayed = compiled.Forward();
        compiled.Backward();

        var fresh = new Value[leaves.Length];
        for (var i = 0; i < fresh.Length; i++)
            fresh[i] = new Value(second[i]);
        var output = function(fresh);
        output.Backward();

        AssertBitwiseEqual(output.Data, replayed, $"seed {s}: output");
        for (var i = 0; i < leaves.Length; i++)
            AssertBitwiseEqual(fresh[i].Grad, leaves[i].Grad, $"seed {s}: grad of input {i}");
        return true;
    }

    [Fact]
    public void Replay_trains_the_micrograd_demo_bitwise_like_the_dynamic_graph()
    {
        var dynamic = new DemoMlp();
        var replayed = new DemoMlp();
        var compiled = replayed.Loss().Compile();

        for (var k = 0; k < 4; k++)
        {
            var loss = dynamic.Loss();
            foreach (var p in dynamic.Parameters)
                p.Grad = 0.0;
            loss.Backward();
            dynamic.SgdUpdate(k);

            var compiledLoss = compiled.Forward();
            foreach (var p in replayed.Parameters)
                p.Grad = 0.0;
            compiled.Backward();
            replayed.SgdUpdate(k);

            if (k == 0)
            {
                // micrograd demo.ipynb, first line of its training output: "step 0 loss 0.8958441028683222".
                Assert.Equal(0.8958441028683222, compiledLoss, 1e-12);
            }
            AssertBitwiseEqual(loss.Data, compiledLoss, $"loss at step {k}");
            for (var i = 0; i < dynamic.Parameters.Length; i++)
                AssertBitwiseEqual(dynamic.Parameters[i].Data, replayed.Parameters[i].Data, $"parameter {i} after step {k}");
        }
    }

    // Sums of products whose operands are earlier sums, and a product added to itself: the replay executes runs of
    // (multiply, add) pairs without a dispatch per node, which must not change a bit even when slots alias.
    private static Value SumsOfProducts(Value[] x)
    {
        var s = x[0];
        for (var k = 0; k < 12; k++)
            s = s + (k % 2 == 0 ? s * x[1 + k % 3] : x[k % 4] * x[(k + 1) % 4]);
        var m = s * x[2];
        return (m + m) * 0.125 + s;
    }

    [Fact]
    public void Replay_is_bitwise_the_dynamic_graph_on_aliased_sums_of_products()
    {
        var leaves = new[] { new Value(0.3), new Value(-1.1), new Value(0.7), new Value(1.3) };
        var compiled = SumsOfProducts(leaves).Compile();
        double[] moved = [-0.4, 0.9, -1.2, 0.6];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i].Data = moved[i];
        var replayed = compiled.Forward();
        compiled.Backward();

        var fresh = new Value[moved.Length];
        for (var i = 0; i < fresh.Length; i++)
            fresh[i] = new Value(moved[i]);
        var output = SumsOfProducts(fresh);
        output.Backward();
        AssertBitwiseEqual(output.Data, replayed, "output");
        for (var i = 0; i < leaves.Length; i++)
            AssertBitwiseEqual(fresh[i].Grad, leaves[i].Grad, $"grad of leaf {i}");
    }

    [Fact]
    public void Backward_twice_accumulates_twice_and_leaves_interior_values_alone()
    {
        // f = (a*b)*(a+b) at a = 2, b = 3 (hand calculation): f = 30, df/da = 2ab + b² = 21, df/db = a² + 2ab = 16.
        var a = new Value(2.0);
        var b = new Value(3.0);
        var ab = a * b;
        var f = ab * (a + b);
        var compiled = f.Compile();

        compiled.Backward();
        Assert.Equal(21.0, a.Grad);
        Assert.Equal(16.0, b.Grad);
        compiled.Backward();
        Assert.Equal(42.0, a.Grad);
        Assert.Equal(32.0, b.Grad);

        // Moving a to 1 (hand calculation): f = 3·4 = 12; the interior Values keep their data from the build.
        a.Data = 1.0;
        a.Grad = 0.0;
        b.Grad = 0.0;
        Assert.Equal(12.0, compiled.Forward());
        Assert.Equal(6.0, ab.Data);
        Assert.Equal(30.0, f.Data);
        compiled.Backward();
        Assert.Equal(2 * 3 + 9, a.Grad); // 2ab + b² = 15
        Assert.Equal(1 + 2 * 3, b.Grad); // a² + 2ab = 7
        Assert.Equal(0.0, ab.Grad);
    }

    [Fact]
    public void A_leaf_compiles_to_itself()
    {
        // d x / d x = 1 (hand calculation), accumulated like Value.Backward on a leaf.
        var x = new Value(5.0);
        var compiled = x.Compile();
        Assert.Equal(5.0, compiled.Forward());
        compiled.Backward();
        compiled.Backward();
        Assert.Equal(2.0, x.Grad);
        Assert.Equal(1, compiled.NodeCount);
    }

    [Fact]
    public void Forward_and_backward_allocate_nothing()
    {
        var mlp = new DemoMlp();
        var compiled = mlp.Loss().Compile();
        compiled.Forward(); // JIT and first-call work outside the measurement
        compiled.Backward();

        Assert.Equal(0, FewestBytesAllocated(() =>
        {
            for (var step = 0; step < 3; step++)
            {
                compiled.Forward();
                compiled.Backward();
            }
        }));
    }

    /// <summary>Bytes allocated on this thread by <paramref name="action"/>, the fewest of three runs: code that
    /// allocates per call allocates in every run, while a one-off allocation by the runtime (tiered JIT patching a
    /// method mid-loop) cannot make the test fail. A count of bytes, not a timing.</summary>
    private static long FewestBytesAllocated(Action action)
    {
        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }

    [Fact]
    public void Dynamic_backward_allocates_nothing_once_warm()
    {
        // The traversal's buffers are reused across calls on a thread (a count of bytes, not a timing).
        var mlp = new DemoMlp();
        var loss = mlp.Loss();
        loss.Backward();

        Assert.Equal(0, FewestBytesAllocated(loss.Backward));
    }

    [Fact]
    public void Anomaly_mode_names_the_failing_op_in_a_replay()
    {
        // log(x) at x = -1 is NaN (IEEE 754); sqrt(x) at 0 has the infinite derivative 0.5·0^-0.5.
        var x = new Value(1.0, "x");
        var compiled = (x.Log() + x.Pow(0.5)).Compile();
        x.Data = -1.0;
        compiled.Forward(); // silent outside the scope
        using (Value.DetectAnomaly())
        {
            var forward = Assert.Throws<ArithmeticException>(() => compiled.Forward());
            Assert.Contains("'log'", forward.Message, StringComparison.Ordinal);
            Assert.Contains("'x'", forward.Message, StringComparison.Ordinal);

            // log 0 = -∞ (IEEE 754) is an anomaly too.
            x.Data = 0.0;
            Assert.Contains("'log'", Assert.Throws<ArithmeticException>(() => compiled.Forward()).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Anomaly_mode_names_the_failing_backward_op_in_a_replay_and_keeps_the_tape_usable()
    {
        // sqrt(x) at 0 is finite (0) but its derivative 0.5 * 0^-0.5 is infinite; at x = 4 it is 0.25 (hand).
        var x = new Value(1.0, "x");
        var compiled = x.Pow(0.5).Compile();
        x.Data = 0.0;
        compiled.Forward();
        using (Value.DetectAnomaly())
        {
            var ex = Assert.Throws<ArithmeticException>(compiled.Backward);
            Assert.Contains("'**0.5'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
        }

        x.Data = 4.0;
        x.Grad = 0.0;
        Assert.Equal(2.0, compiled.Forward());
        compiled.Backward();
        Assert.Equal(0.25, x.Grad);
    }
}
