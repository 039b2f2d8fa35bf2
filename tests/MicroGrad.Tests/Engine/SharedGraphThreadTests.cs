using MicroGrad.Visualization;

namespace MicroGrad.Tests.Engine;

/// <summary>
/// Read-only operations on one graph shared by many threads (issue 15, item 10): each thread's result must be the
/// single-threaded one. The oracle is the same call made alone on the test's thread before the threads start.
/// </summary>
public class SharedGraphThreadTests
{
    private const int Threads = 16;
    private const int Rounds = 20;

    // A DAG of a few thousand nodes in which most nodes are used twice (a traversal that loses its marks emits them
    // twice or not at all), with labelled leaves so that the pictures name them.
    private static Value SharedGraph()
    {
        var leaves = new Value[40];
        for (var i = 0; i < leaves.Length; i++)
            leaves[i] = new Value(0.01 * (i + 1), "x" + i);
        Value v = leaves[0];
        for (var i = 1; i < 1500; i++)
        {
            var x = leaves[i % leaves.Length];
            var u = v * x + 0.5;
            v = (u + v).Tanh();
        }
        return v;
    }

    // Runs `work` on Threads threads started together by a barrier, Rounds times each, and returns every result.
    private static List<T> OnManyThreads<T>(Func<T> work)
    {
        var results = new List<T>[Threads];
        using var start = new Barrier(Threads);
        var threads = new Thread[Threads];
        var errors = new List<Exception>();
        for (var t = 0; t < Threads; t++)
        {
            var mine = results[t] = [];
            threads[t] = new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    for (var r = 0; r < Rounds; r++)
                        mine.Add(work());
                }
                catch (Exception e)
                {
                    lock (errors)
                        errors.Add(e);
                }
            });
            threads[t].Start();
        }
        foreach (var thread in threads)
            thread.Join();
        Assert.Empty(errors);
        return results.SelectMany(r => r).ToList();
    }

    /// <summary>The same node objects in the same order (reference identity, not value equality).</summary>
    private static void AssertSameNodes<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual)
        where T : class
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.Same(expected[i], actual[i]);
    }

    [Fact]
    public void TopologicalOrder_from_16_threads_at_once_is_the_single_threaded_order()
    {
        var root = SharedGraph();
        var expected = root.TopologicalOrder();

        foreach (var order in OnManyThreads(root.TopologicalOrder))
            AssertSameNodes(expected, order);
    }

    [Fact]
    public void ToDot_from_16_threads_at_once_is_the_single_threaded_picture()
    {
        var root = SharedGraph();
        var dot = GraphPicture.ToDot(root);

        foreach (var d in OnManyThreads(() => GraphPicture.ToDot(root)))
            Assert.Equal(dot, d);
    }

    [Fact]
    public void Compile_and_Forward_from_16_threads_at_once_give_the_single_threaded_tape_and_value()
    {
        var root = SharedGraph();
        var expected = root.Compile();
        var value = expected.Forward();

        foreach (var (nodes, leaves, forward) in OnManyThreads(() =>
        {
            var compiled = root.Compile();
            return (compiled.NodeCount, compiled.Leaves, compiled.Forward());
        }))
        {
            Assert.Equal(expected.NodeCount, nodes);
            Assert.Equal(expected.Leaves, leaves);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(forward));
        }
    }

    [Fact]
    public void Tensor_TopologicalOrder_from_16_threads_at_once_is_the_single_threaded_order()
    {
        var x = new Tensor(2, 2, [0.1, 0.2, 0.3, 0.4]);
        var v = x;
        for (var i = 0; i < 500; i++)
            v = (v * x + v).Tanh();
        var root = v.Sum();
        var expected = root.TopologicalOrder();

        foreach (var order in OnManyThreads(root.TopologicalOrder))
            AssertSameNodes(expected, order);
    }

    [Fact]
    public void A_thread_keeps_no_large_marks_after_ordering_a_large_graph_and_small_ones_for_reuse()
    {
        // 300,001 nodes (x + 1 + 1 + …, the constant leaves included): a set sized for them would stay on the thread
        // for its lifetime (HashSet.Clear keeps the capacity), several MB here, tens of MB at a million nodes.
        var x = new Value(0.0);
        var big = x;
        for (var i = 0; i < 150_000; i++)
            big = big + 1.0;
        var small = x * 2.0 + 1.0;
        int afterBig = -1, afterSmall = -1;
        Exception? error = null;
        // A thread of the test's own, so that its per-thread buffers are the ones asked about.
        var thread = new Thread(() =>
        {
            try
            {
                Assert.Equal(300_001, big.TopologicalOrder().Count);
                afterBig = Capacity();
                Assert.Equal(5, small.TopologicalOrder().Count);
                afterSmall = Capacity();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        Assert.Null(error);
        Assert.InRange(afterBig, 0, 1 << 16);
        Assert.InRange(afterSmall, 1, 1 << 16);

        static int Capacity()
        {
            var traversal = Value.Traversal.Rent();
            var capacity = traversal.RetainedMarksCapacity;
            traversal.Return();
            return capacity;
        }
    }
}
