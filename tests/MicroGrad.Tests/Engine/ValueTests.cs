namespace MicroGrad.Tests.Engine;

public class ValueTests
{
    [Fact]
    public void Backward_twice_doubles_leaf_gradients_and_resets_interior_ones()
    {
        // Calculus: d(x*y + x)/dx = y + 1 = 4, d/dy = x = 2; PyTorch accumulates leaf grads the same way.
        var x = new Value(2.0);
        var y = new Value(3.0);
        var m = x * y;
        var z = m + x;
        z.Backward();
        z.Backward();

        Assert.Equal(8.0, x.Grad);
        Assert.Equal(4.0, y.Grad);
        Assert.Equal(1.0, m.Grad); // interior: exactly dz/dm, not accumulated
        Assert.Equal(1.0, z.Grad);
    }

    [Fact]
    public void Backward_on_a_leaf_twice_gives_two()
    {
        var x = new Value(5.0);
        x.Backward();
        x.Backward();
        Assert.Equal(2.0, x.Grad);
    }

    [Fact]
    public void ZeroGrad_clears_every_gradient_below()
    {
        var x = new Value(2.0);
        var y = (x * x).Tanh();
        y.Backward();
        Assert.NotEqual(0.0, x.Grad);

        y.ZeroGrad();

        Assert.Equal(0.0, x.Grad);
        Assert.Equal(0.0, y.Grad);
    }

    [Fact]
    public void A_million_deep_chain_runs_forward_and_backward_on_the_default_stack()
    {
        // d/dx of x + 1 + 1 + ... is 1; the depth would overflow any recursive topological sort.
        const int depth = 1_000_000;
        var x = new Value(0.0);
        var y = x;
        for (var i = 0; i < depth; i++)
            y = y + 1.0;
        y.Backward();

        Assert.Equal(depth, y.Data);
        Assert.Equal(1.0, x.Grad);
        Assert.Equal(2 * depth + 1, y.TopologicalOrder().Count); // x, every constant 1 and every sum
    }

    [Fact]
    public void Ops_record_micrograd_names_and_operands_in_order()
    {
        var a = new Value(2.0, "a");
        var b = new Value(3.0, "b");

        Assert.Equal("", a.Op);
        Assert.Empty(a.Children);
        Assert.Equal("+", (a + b).Op);
        Assert.Equal("-", (a - b).Op);
        Assert.Equal("*", (a * b).Op);
        Assert.Equal("/", (a / b).Op);
        Assert.Equal("neg", (-a).Op);
        Assert.Equal("**2", a.Pow(2.0).Op);
        Assert.Equal("**0.5", a.Pow(0.5).Op);
        Assert.Equal("**", a.Pow(b).Op);
        Assert.Equal("exp", a.Exp().Op);
        Assert.Equal("log", a.Log().Op);
        Assert.Equal("tanh", a.Tanh().Op);
        Assert.Equal("ReLU", a.Relu().Op);
        Assert.Equal("sigmoid", a.Sigmoid().Op);

        var diff = 10.0 - a;
        Assert.Equal(2, diff.Children.Count);
        Assert.Equal(10.0, diff.Children[0].Data);
        Assert.True(diff.Children[0].IsLeaf);
        Assert.Same(a, diff.Children[1]);
        Assert.Same(diff.Children, diff.Children); // a cached view: reading it does not allocate
        Assert.Single(a.Pow(2.0).Children);
    }

    [Fact]
    public void ToString_reads_like_micrograd()
    {
        var x = new Value(-20.0) { Grad = 46.0 };
        Assert.Equal("Value(data=-20.0, grad=46.0)", x.ToString());
        Assert.Equal("Value(data=0.5, grad=0.0)", new Value(0.5).ToString());
    }

    [Fact]
    public void NoGrad_records_nothing_and_restores_recording()
    {
        var x = new Value(2.0);
        Value y;
        using (Value.NoGrad())
        {
            y = x * x + 1.0;
        }
        var z = x * x;

        Assert.Equal(5.0, y.Data);
        Assert.True(y.IsLeaf);
        Assert.Empty(y.Children);
        Assert.False(z.IsLeaf);
    }

    [Fact]
    public void NoGrad_is_thread_local()
    {
        using var scope = Value.NoGrad();
        var recordedElsewhere = false;
        var thread = new Thread(() => recordedElsewhere = !(new Value(1.0) + 1.0).IsLeaf);
        thread.Start();
        thread.Join();
        Assert.True(recordedElsewhere);
        Assert.True((new Value(1.0) + 1.0).IsLeaf);
    }

    [Fact]
    public void Detach_returns_a_leaf_with_the_same_data()
    {
        var y = new Value(2.0) * 3.0;
        var d = y.Detach();
        Assert.True(d.IsLeaf);
        Assert.Equal(6.0, d.Data);
    }

    [Fact]
    public void Numerics_follow_ieee_and_pytorch()
    {
        // PyTorch: log(0) = -inf, log(-1) = nan, (-8)**(1/3) = nan, relu'(0) = 0.
        Assert.Equal(double.NegativeInfinity, new Value(0.0).Log().Data);
        Assert.True(double.IsNaN(new Value(-1.0).Log().Data));
        Assert.True(double.IsNaN(new Value(-8.0).Pow(1.0 / 3.0).Data));
        var x = new Value(0.0);
        x.Relu().Backward();
        Assert.Equal(0.0, x.Grad);
        // PyTorch: relu(nan) = nan (NaN propagates; it must not become 0).
        Assert.True(double.IsNaN(new Value(double.NaN).Relu().Data));
    }

    [Fact]
    public void Anomaly_mode_names_the_failing_forward_op()
    {
        var x = new Value(0.0, "x");
        using (Value.DetectAnomaly())
        {
            var ex = Assert.Throws<ArithmeticException>(() => x.Log());
            Assert.Contains("'log'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
        }
        // Outside the scope the same op is silent.
        Assert.Equal(double.NegativeInfinity, x.Log().Data);
    }

    [Fact]
    public void Anomaly_mode_names_the_failing_backward_op()
    {
        // sqrt(x) at 0 is finite (0) but its derivative 0.5 * 0^-0.5 is infinite.
        var x = new Value(0.0, "x");
        var y = x.Pow(0.5);
        using var scope = Value.DetectAnomaly();
        var ex = Assert.Throws<ArithmeticException>(y.Backward);
        Assert.Contains("'**0.5'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anomaly_in_backward_leaves_the_leaf_gradients_as_they_were()
    {
        // sqrt(x) at 0 has an infinite derivative; y's gradient from an earlier pass must survive the failed one.
        var x = new Value(0.0, "x");
        var y = new Value(3.0, "y");
        (y * 2.0).Backward();
        var z = x.Pow(0.5) + y;
        using (Value.DetectAnomaly())
            Assert.Throws<ArithmeticException>(z.Backward);
        Assert.Equal(2.0, y.Grad);
        Assert.Equal(0.0, x.Grad);
        z.Backward(); // and the engine is usable afterwards: d(z)/dy = 1 is added to the 2 (x's gradient is ∞ outside anomaly mode)
        Assert.Equal(3.0, y.Grad);
    }

    [Fact]
    public void Null_operands_throw_ArgumentNullException()
    {
        var x = new Value(1.0);
        Value? none = null;
        Assert.Throws<ArgumentNullException>(() => x + none!);
        Assert.Throws<ArgumentNullException>(() => none! * x);
        Assert.Throws<ArgumentNullException>(() => -none!);
        Assert.Throws<ArgumentNullException>(() => x.Pow(none!));
        Assert.Throws<ArgumentNullException>(() => 2.0 - none!);
    }

    [Fact]
    public void Independent_graphs_backpropagate_on_parallel_threads()
    {
        // d/dx of (x*x) + 0 + 0 + …: each thread's answer is 2x, whatever the other threads do. Dedicated threads
        // meet at a barrier after building their graphs, so their Backward() calls (sorts and gradient sweeps over
        // 20,000 nodes, sharing the traversal stamp) start together and overlap, round after round.
        const int threads = 4, rounds = 5;
        var results = new double[threads, rounds];
        using var barrier = new Barrier(threads);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var i = t;
            workers[t] = new Thread(() =>
            {
                try
                {
                    for (var r = 0; r < rounds; r++)
                    {
                        var x = new Value(i + r);
                        var y = x * x;
                        for (var k = 0; k < 10_000; k++)
                            y = y + 0.0;
                        barrier.SignalAndWait();
                        y.Backward();
                        results[i, r] = x.Grad;
                    }
                }
                catch (Exception e)
                {
                    // An exception on a thread of our own would end the test host; record it, and leave the barrier
                    // so the other threads do not wait for this one forever.
                    failures.Enqueue(e);
                    barrier.RemoveParticipant();
                }
            });
            workers[t].Start();
        }
        foreach (var worker in workers)
            worker.Join();
        Assert.Empty(failures);
        for (var i = 0; i < threads; i++)
        {
            for (var r = 0; r < rounds; r++)
                Assert.Equal(2.0 * (i + r), results[i, r]);
        }
    }

    [Fact]
    public void The_traversal_stamp_never_takes_the_value_of_unvisited_nodes_when_it_wraps()
    {
        // A local counter (moving the shared one backwards would reuse stamps of graphs alive in parallel tests):
        // after -1 comes 1, never 0, the stamp of every node not yet visited.
        var counter = -1;
        Assert.Equal(1, Value.NextVisitStamp(ref counter));
        counter = int.MaxValue;
        Assert.Equal(int.MinValue, Value.NextVisitStamp(ref counter));
    }
}
