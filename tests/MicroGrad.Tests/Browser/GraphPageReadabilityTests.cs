using MicroGrad.Tests.Visualization;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Browser;

/// <summary>The graph page as a learner reads it: every text inside its record's cell, notes clear of the records.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GraphPageReadabilityTests(Chromium chromium) : IDisposable
{
    private readonly GraphPageFiles _pages = new(chromium, "graph-readable");

    private Task<PageSession> OpenAsync(Value root, GraphOptions? options = null) => _pages.OpenAsync(root, options);

    /// <summary>Each record text whose box pokes out of its cell (the cells split the record at its divider lines),
    /// as "node: text".</summary>
    private static Task<string[]> TextsOutsideTheirCellsAsync(PageSession session) => session.Page.EvaluateExpressionAsync<string[]>(
        """
        [...document.querySelectorAll('g.value')].flatMap(g => {
          const r = g.querySelector('rect').getBBox();
          const lines = [...g.querySelectorAll('line')];
          const lr = lines[0].getAttribute('x1') === lines[0].getAttribute('x2');
          const cuts = lines.map(l => Number(lr ? l.getAttribute('x1') : l.getAttribute('y1')));
          const edges = lr ? [r.x, ...cuts, r.x + r.width] : [r.y, ...cuts, r.y + r.height];
          return [...g.querySelectorAll('text')].flatMap((t, k) => {
            if (t.textContent === '') return [];
            const b = t.getBBox();
            const [from, to] = lr ? [b.x, b.x + b.width] : [b.y, b.y + b.height];
            const inside = from >= edges[k] - 0.5 && to <= edges[k + 1] + 0.5 && b.x >= r.x - 0.5 && b.x + b.width <= r.x + r.width + 0.5;
            return inside ? [] : [g.getAttribute('data-node') + ': ' + t.textContent];
          });
        })
        """);

    [Theory]
    [InlineData(RankDirection.LeftToRight)]
    [InlineData(RankDirection.TopToBottom)]
    public async Task Every_record_text_stays_inside_its_cell_after_the_numbers_grow(RankDirection direction)
    {
        var x = new Value(2.0, "x");
        var w = new Value(-3.0, "a_rather_long_weight_name");
        var y = (x * w).Tanh() * 10.0 + x; // unlabelled results: the page names them #i
        await using var session = await OpenAsync(y, new GraphOptions { RankDirection = direction });
        await session.ClickAsync("run");
        Assert.Empty(await TextsOutsideTheirCellsAsync(session));

        // A leaf edit makes the numbers far longer than the ones the page was written with.
        await session.SetLeafAsync("x", "-123456789.125");
        await session.ClickAsync("run");

        Assert.Empty(await TextsOutsideTheirCellsAsync(session));
        // The node numbers are shown at the records' font size, not shrunk.
        Assert.Equal(0, await session.Page.EvaluateExpressionAsync<int>("document.querySelectorAll('g.value text[font-size]').length"));
        Assert.Empty(session.Errors);
    }

    /// <summary>Each pair of a note and a record (or another note) whose boxes intersect, as "note / what".</summary>
    private static Task<string[]> CoveredAsync(PageSession session) => session.Page.EvaluateExpressionAsync<string[]>(
        """
        (() => {
          const box = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
          const meet = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
          const notes = [...document.querySelectorAll('#notes text')].map(t => [t.textContent, box(t)]);
          const records = [...document.querySelectorAll('g.value')].map(g => ['record ' + g.getAttribute('data-node'), box(g.querySelector('rect'))]);
          return notes.flatMap(([text, b], k) => [...records, ...notes.slice(k + 1)]
            .filter(([, o]) => meet(b, o)).map(([what]) => text + ' / ' + what));
        })()
        """);

    [Theory]
    [InlineData(RankDirection.LeftToRight)]
    [InlineData(RankDirection.TopToBottom)]
    public async Task No_note_covers_a_record_or_another_note_at_any_step(RankDirection direction)
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        await using var session = await OpenAsync(o, new GraphOptions { Inputs = inputs, Parameters = parameters, RankDirection = direction });
        for (var k = 0; k < 3; k++)
            await session.ClickAsync("zoom-in");

        var steps = 0;
        while (await session.PhaseAsync() != "done")
        {
            await session.ClickAsync(await session.PhaseAsync() == "forward" ? "forward" : "backward");
            Assert.True(await session.Page.EvaluateExpressionAsync<int>("document.querySelectorAll('#notes text').length") > 0);
            Assert.Empty(await CoveredAsync(session));
            steps++;
        }
        Assert.Equal(11, steps); // 5 forward, the seed and 5 backward
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Records_print_numbers_as_the_csharp_pictures_do()
    {
        // Ties at four decimals (odd multiples of 1/32) round half to even on the exact binary value; −0 and tiny
        // negatives keep their sign; 1e21 and beyond are spelled out.
        double[] numbers = [1.03125, -1.03125, 0.09375, 0.03125, 2.96875, -0.0, -1e-5, 2.5e-5, 123.45675, 0.00015, 1e21, 1e300, 5e-324, -7.5];
        var leaves = numbers.Select((x, k) => new Value(x, "v" + k)).ToArray();
        Value root = leaves[0];
        for (var k = 1; k < leaves.Length; k++)
            root *= leaves[k];
        await using var session = await OpenAsync(root);

        var shown = await session.Page.EvaluateFunctionAsync<string[]>(
            "labels => labels.map(l => document.querySelector(`[data-node-label=\"${l}\"] text.data`).textContent)",
            (object)leaves.Select(l => l.Label!).ToArray());

        // Oracle: the C# pictures' text (GraphText.Data: .NET's "F4", which equals Python's "%.4f" on these).
        Assert.Equal(leaves.Select(GraphText.Data), shown);
        Assert.Equal("data 1.0312", shown[0]);
        Assert.Equal("data -0.0000", shown[5]);
        Assert.Empty(session.Errors);
    }

    public void Dispose() => _pages.Dispose();
}
