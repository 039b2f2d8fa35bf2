namespace MicroGrad.Tests.Engine;

/// <summary>Autograd on one graph from many threads at once.</summary>
public partial class AutogradTests
{
    [Fact]
    public void Threads_differentiating_the_same_graph_at_once_get_the_single_threaded_results()
    {
        // Oracle: the same calls made alone on the test's thread first. Grad writes nothing to the graph (no Grad, no
        // traversal marks), so threads that differentiate it together, once or twice, must each get exactly those bits,
        // and leave every node's Grad as it was.
        const int threads = 8, rounds = 10;
        var x = AllOpsExpressions.Leaves(3);
        var y = AllOpsExpressions.Create(3, opCount: 40)(x);
        var nodes = y.TopologicalOrder();
        for (var i = 0; i < nodes.Count; i++)
            nodes[i].Grad = -i;
        var expected = Work();

        var results = new List<double[]>[threads];
        var errors = new List<Exception>();
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var mine = results[t] = [];
            workers[t] = new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    for (var r = 0; r < rounds; r++)
                        mine.Add(Work());
                }
                catch (Exception e)
                {
                    lock (errors)
                        errors.Add(e);
                }
            });
            workers[t].Start();
        }
        foreach (var worker in workers)
            worker.Join();
        Assert.Empty(errors);
        foreach (var actual in results.SelectMany(r => r))
        {
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
        }
        for (var i = 0; i < nodes.Count; i++)
            Assert.Equal(-i, nodes[i].Grad);

        // Every node's gradient, the gradient as a graph, and the Hessian's entries, flattened.
        double[] Work()
        {
            var numbers = Autograd.Grad(y, nodes).Select(g => g.Data);
            var graph = Autograd.Grad(y, x, createGraph: true);
            var second = graph.SelectMany(g => Autograd.Grad(g, x)).Select(g => g.Data);
            return [.. numbers, .. graph.Select(g => g.Data), .. second, .. Autograd.Hessian(y, x).Cast<double>()];
        }
    }
}
