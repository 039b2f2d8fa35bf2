namespace MicroGrad.Tests.Engine;

public class CompiledGraphWatchTests
{
    [Fact]
    public void Watched_nodes_read_their_replayed_values()
    {
        // Oracle: the same expression rebuilt at the new leaf value (hand check: x = 3 gives x·x = 9, tanh(9)).
        var x = new Value(2.0);
        var square = x * x;
        var y = square.Tanh();
        var compiled = y.Compile([square, x]);

        x.Data = 3.0;
        var output = compiled.Forward();

        Assert.Equal(Math.Tanh(9.0), output);
        Assert.Equal(9.0, compiled.WatchedValue(0));
        Assert.Equal(3.0, compiled.WatchedValue(1));
        Assert.Equal(2, compiled.WatchedCount);
        Assert.Equal(4.0, square.Data); // interior Value objects are not written by a replay
        Assert.Throws<ArgumentOutOfRangeException>(() => compiled.WatchedValue(2));
    }

    [Fact]
    public void A_watched_node_outside_the_graph_is_rejected()
    {
        var x = new Value(2.0);
        var other = new Value(1.0) + 1.0;
        var ex = Assert.Throws<ArgumentException>(() => (x * x).Compile([other]));
        Assert.Contains("not part of the compiled graph", ex.Message, StringComparison.Ordinal);
    }
}
