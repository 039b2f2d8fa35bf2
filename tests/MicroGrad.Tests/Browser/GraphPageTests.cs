using MicroGrad.NN;
using MicroGrad.Tests.Visualization;
using MicroGrad.Visualization;
using SkiaSharp;

namespace MicroGrad.Tests.Browser;

/// <summary>
/// The DOM contract of the learner's graph page (issue 11), driven as a learner would, in headless Chromium: controls
/// <c>data-action</c> forward/backward/reset, one element per value with <c>data-data</c>/<c>data-grad</c> (labelled
/// ones carry <c>data-node-label</c>, the output <c>data-output</c>), <c>data-phase</c>, and a <c>data-leaf</c> input per
/// labelled leaf. The numbers the page computes must be the engine's: the C# <see cref="Value.Backward"/> is the oracle
/// of every value and gradient, to 1e-12.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GraphPageTests(Chromium chromium) : IDisposable
{
    private readonly GraphPageFiles _pages = new(chromium, "graph-contract");

    [Fact]
    public async Task The_lecture_neuron_steps_to_PyTorchs_gradients()
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        await using var session = await OpenAsync(o, new GraphOptions { Inputs = inputs, Parameters = parameters });

        Assert.Equal("forward", await session.PhaseAsync());
        Assert.Equal(("2", "0"), await session.NodeAsync("x1"));
        Assert.Equal(("", "0"), await session.OutputAsync());

        var (forward, backward) = await session.StepToEndAsync();

        // One forward click per op (x1*w1, x2*w2, +, + b, tanh); backward seeds o.grad = 1, then one click per op.
        Assert.Equal(5, forward);
        Assert.Equal(6, backward);
        // PyTorch float64 (the lecture's neuron): o = 0.7071, x1.grad = -1.5, w1.grad = 1.0, x2.grad = 0.5, w2.grad = 0.
        AssertClose(0.7071067811865476, PageSession.Number((await session.OutputAsync()).Data));
        AssertClose(-1.5, PageSession.Number((await session.NodeAsync("x1")).Grad));
        AssertClose(1.0, PageSession.Number((await session.NodeAsync("w1")).Grad));
        AssertClose(0.5, PageSession.Number((await session.NodeAsync("x2")).Grad));
        Assert.Equal(0.0, PageSession.Number((await session.NodeAsync("w2")).Grad));
        AssertClose(0.5, PageSession.Number((await session.NodeAsync("b")).Grad));
        Assert.Equal("1", (await session.OutputAsync()).Grad);
        Assert.Empty(session.OtherRequests);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Reset_returns_to_forward_with_zero_gradients_and_only_the_leaves_computed()
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        await using var session = await OpenAsync(o, new GraphOptions { Inputs = inputs, Parameters = parameters });
        await session.StepToEndAsync();

        await session.ClickAsync("reset");

        Assert.Equal("forward", await session.PhaseAsync());
        var nodes = await session.NodesAsync();
        var order = o.TopologicalOrder();
        Assert.Equal(order.Count, nodes.Length);
        for (var i = 0; i < order.Count; i++)
        {
            Assert.Equal("0", nodes[i].Grad);
            // Leaves keep their values (the lecture's numbers); every op's result waits for its forward step.
            Assert.Equal(order[i].IsLeaf ? JavaScriptString(order[i].Data) : "", nodes[i].Data);
        }
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_leaf_typed_in_resets_and_the_next_passes_use_it()
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        await using var session = await OpenAsync(o, new GraphOptions { Inputs = inputs, Parameters = parameters });
        await session.StepToEndAsync();

        await session.SetLeafAsync("x1", "0.5");

        Assert.Equal("forward", await session.PhaseAsync());
        Assert.Equal(("0.5", "0"), await session.NodeAsync("x1"));
        await session.StepToEndAsync();
        // The C# engine on the same neuron with x1 = 0.5 is the oracle.
        var x1 = new Value(0.5, "x1");
        var w1 = new Value(-3.0, "w1");
        var b = new Value(6.8813735870195432, "b");
        var expected = (x1 * w1 + new Value(0.0) * new Value(1.0) + b).Tanh();
        expected.Backward();
        AssertClose(expected.Data, PageSession.Number((await session.OutputAsync()).Data));
        AssertClose(x1.Grad, PageSession.Number((await session.NodeAsync("x1")).Grad));
        AssertClose(w1.Grad, PageSession.Number((await session.NodeAsync("w1")).Grad));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_reused_node_accumulates_its_gradient()
    {
        // The lecture's bug example, fixed by +=: b = a + a with a = 3 gives b = 6, a.grad = 2 (PyTorch).
        var a = new Value(3.0, "a");
        var b = a + a;
        b.Label = "b";
        await using (var session = await OpenAsync(b))
        {
            await session.StepToEndAsync();
            Assert.Equal(("6", "1"), await session.NodeAsync("b"));
            Assert.Equal(("3", "2"), await session.NodeAsync("a"));
        }

        // The lecture's second example, a = -2, b = 3, d = a·b, e = a + b, f = d·e: a.grad = -3, b.grad = -8 (PyTorch).
        var x = new Value(-2.0, "a");
        var y = new Value(3.0, "b");
        var d = x * y;
        d.Label = "d";
        var e = x + y;
        e.Label = "e";
        var f = d * e;
        f.Label = "f";
        await using (var session = await OpenAsync(f))
        {
            await session.StepToEndAsync();
            Assert.Equal(("-6", "1"), await session.NodeAsync("f"));
            Assert.Equal(("-2", "-3"), await session.NodeAsync("a"));
            Assert.Equal(("3", "-8"), await session.NodeAsync("b"));
            Assert.Empty(session.Errors);
        }
    }

    [Fact]
    public async Task A_300_node_network_gives_the_engines_values_and_gradients()
    {
        // MLP 3-8-8-1 (tanh hidden, seeded) on one sample, squared error: 326 values, every one of them compared.
        var model = new Mlp(3, [8, 8, 1], Activation.Tanh, rng: new Rng(11));
        var x = new[] { new Value(0.5, "x0"), new Value(-1.25, "x1"), new Value(2.0, "x2") };
        var loss = (model.Forward(x)[0] - 0.25).Pow(2);
        loss.Label = "loss";
        loss.Backward();
        var order = loss.TopologicalOrder();
        Assert.InRange(order.Count, 300, 400);

        await using var session = await OpenAsync(loss, new GraphOptions { Inputs = x, Parameters = model.Parameters() });
        await session.StepToEndAsync();

        var nodes = await session.NodesAsync();
        Assert.Equal(order.Count, nodes.Length);
        for (var i = 0; i < order.Count; i++)
        {
            // The C# engine's Backward() is the oracle; the page re-evaluates the same ops in the same order.
            AssertClose(order[i].Data, PageSession.Number(nodes[i].Data), $"data of value {i} ({order[i].Op})");
            AssertClose(order[i].Grad, PageSession.Number(nodes[i].Grad), $"grad of value {i} ({order[i].Op})");
        }
        Assert.Empty(session.OtherRequests);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_page_renders_something_to_see()
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        await using var session = await OpenAsync(o, new GraphOptions { Inputs = inputs, Parameters = parameters });
        await session.StepToEndAsync();

        var shot = await session.Page.ScreenshotDataAsync();

        // The role colours of the SVG (GraphPicture.FillColor) are on screen, and text is: a blank or unstyled page
        // (or one whose script failed before drawing) has neither.
        var colours = Colours(shot);
        Assert.Contains(Rgb(GraphPicture.FillColor(NodeRole.Input)), colours.Keys);
        Assert.Contains(Rgb(GraphPicture.FillColor(NodeRole.Parameter)), colours.Keys);
        Assert.Contains(Rgb(GraphPicture.FillColor(NodeRole.Output)), colours.Keys);
        Assert.True(colours.Count > 50, $"{colours.Count} distinct colours: the page looks blank");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_blank_page_check_fails_on_a_blank_page()
    {
        await using var session = await chromium.OpenAsync(_pages.WriteText("<!doctype html><html><body></body></html>"));

        var colours = Colours(await session.Page.ScreenshotDataAsync());

        Assert.DoesNotContain(Rgb(GraphPicture.FillColor(NodeRole.Output)), colours.Keys);
        Assert.True(colours.Count <= 50);
    }

    private Task<PageSession> OpenAsync(Value root, GraphOptions? options = null) => _pages.OpenAsync(root, options);

    // JavaScript's String(number) is the shortest round trip, as .NET's "R" (for the finite, moderate numbers used here).
    private static string JavaScriptString(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertClose(double expected, double actual, string? what = null) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1.0, Math.Abs(expected)),
            $"{what ?? "value"}: expected {expected:R}, the page has {actual:R}");

    private static Dictionary<uint, int> Colours(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var counts = new Dictionary<uint, int>();
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var key = (uint)(c.Red << 16 | c.Green << 8 | c.Blue);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return counts;
    }

    private static uint Rgb(string hex) => Convert.ToUInt32(hex.TrimStart('#'), 16);

    public void Dispose() => _pages.Dispose();
}
