using System.Collections.Concurrent;
using System.Globalization;
using PuppeteerSharp;

namespace MicroGrad.Tests.Browser;

/// <summary>One page open in <see cref="Chromium"/>, with every request it makes beyond its own file and every error
/// it reports (console errors and uncaught exceptions) recorded, and the DOM contract of the learner's pages
/// (issue 11) as methods: <c>data-action</c> controls, <c>data-phase</c>, <c>data-node-label</c> nodes with
/// <c>data-data</c>/<c>data-grad</c>, <c>data-leaf</c> inputs.</summary>
public sealed class PageSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _errors = new();

    internal PageSession(IPage page, string url)
    {
        Page = page;
        Url = url;
        page.Request += (_, e) =>
        {
            if (e.Request.Url != Url)
                _requests.Enqueue(e.Request.Url);
        };
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
                _errors.Enqueue("console: " + e.Message.Text);
        };
        page.PageError += (_, e) => _errors.Enqueue("uncaught: " + e.Message);
    }

    public IPage Page { get; }

    /// <summary>The page's own <c>file://</c> address.</summary>
    public string Url { get; }

    /// <summary>Every address the page asked for other than its own file (none may leave an offline page).</summary>
    public IReadOnlyCollection<string> OtherRequests => [.. _requests];

    /// <summary>Console errors and uncaught exceptions, in order.</summary>
    public IReadOnlyCollection<string> Errors => [.. _errors];

    public Task ClickAsync(string action) => Page.ClickAsync($"[data-action=\"{action}\"]");

    public Task<string> PhaseAsync() => Page.EvaluateExpressionAsync<string>(
        "document.querySelector('[data-phase]').getAttribute('data-phase')");

    /// <summary>The <c>data-data</c> and <c>data-grad</c> attributes of the one node labelled
    /// <paramref name="label"/>, as the page prints them.</summary>
    public async Task<(string Data, string Grad)> NodeAsync(string label)
    {
        var pair = await Page.EvaluateFunctionAsync<string[]>(
            """
            label => {
              const nodes = [...document.querySelectorAll('[data-node-label]')].filter(e => e.getAttribute('data-node-label') === label);
              if (nodes.length !== 1) throw new Error(nodes.length + ' nodes labelled ' + label);
              return [nodes[0].getAttribute('data-data'), nodes[0].getAttribute('data-grad')];
            }
            """, label);
        return (pair[0], pair[1]);
    }

    /// <summary>The output node's (<c>data-output</c>) <c>data-data</c> and <c>data-grad</c>.</summary>
    public async Task<(string Data, string Grad)> OutputAsync()
    {
        var pair = await Page.EvaluateExpressionAsync<string[]>(
            "(e => [e.getAttribute('data-data'), e.getAttribute('data-grad')])(document.querySelector('[data-output]'))");
        return (pair[0], pair[1]);
    }

    /// <summary>The <c>data-data</c> and <c>data-grad</c> of every value element, in <c>data-node</c> order (the
    /// topological index); fails unless the indices are exactly 0, 1, …, n − 1.</summary>
    public async Task<(string Data, string Grad)[]> NodesAsync()
    {
        var rows = await Page.EvaluateExpressionAsync<string[][]>(
            """
            [...document.querySelectorAll('[data-node]')]
              .sort((p, q) => Number(p.getAttribute('data-node')) - Number(q.getAttribute('data-node')))
              .map(e => [e.getAttribute('data-node'), e.getAttribute('data-data'), e.getAttribute('data-grad')])
            """);
        for (var i = 0; i < rows.Length; i++)
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), rows[i][0]);
        return [.. rows.Select(r => (r[1], r[2]))];
    }

    /// <summary>Clicks <c>forward</c> until the phase leaves <c>forward</c>, then <c>backward</c> until it is
    /// <c>done</c>, counting the clicks; fails if a pass does not end within <paramref name="limit"/> clicks.</summary>
    public async Task<(int Forward, int Backward)> StepToEndAsync(int limit = 10_000)
    {
        var forward = 0;
        while (await PhaseAsync() == "forward")
        {
            Assert.True(++forward <= limit, $"the forward pass did not end within {limit} steps");
            await ClickAsync("forward");
        }
        var backward = 0;
        while (await PhaseAsync() == "backward")
        {
            Assert.True(++backward <= limit, $"the backward pass did not end within {limit} steps");
            await ClickAsync("backward");
        }
        Assert.Equal("done", await PhaseAsync());
        return (forward, backward);
    }

    /// <summary>Types <paramref name="text"/> into the <c>data-leaf</c> input of <paramref name="label"/> and presses
    /// Enter.</summary>
    public async Task SetLeafAsync(string label, string text)
    {
        var selector = $"input[data-leaf=\"{label}\"]";
        await Page.EvaluateFunctionAsync("s => { document.querySelector(s).value = ''; }", selector);
        await Page.TypeAsync(selector, text);
        await (await Page.QuerySelectorAsync(selector)).PressAsync("Enter");
    }

    /// <summary>A number as JavaScript printed it (shortest round trip, as .NET's "R"), or NaN/±Infinity.</summary>
    public static double Number(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}
