using System.Globalization;
using System.Text.RegularExpressions;
using MicroGrad.Tests.Visualization;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Browser;

/// <summary>The graph page (GraphPicture.ToHtml) driven in Chromium: stepping, the controls and keys, leaf edits, the
/// nudge check, pan and zoom, and every op's JavaScript twin against the C# engine.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GraphPageInteractionTests(Chromium chromium) : IDisposable
{
    private readonly GraphPageFiles _pages = new(chromium, "graph-page");

    private Task<PageSession> OpenAsync(Value root, GraphOptions? options = null) => _pages.OpenAsync(root, options);

    /// <summary>The lecture's neuron with its inputs and parameters, as a learner sees it.</summary>
    private async Task<PageSession> OpenNeuronAsync()
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        return await OpenAsync(o, new GraphOptions { Inputs = inputs, Parameters = parameters });
    }

    private static void Quiet(PageSession session)
    {
        Assert.Empty(session.Errors);
        Assert.Empty(session.OtherRequests);
    }

    private static Task<string[]> TextsAsync(PageSession session, string selector) =>
        session.Page.EvaluateFunctionAsync<string[]>("s => [...document.querySelectorAll(s)].map(e => e.textContent)", selector);

    private static Task<string> ExplainAsync(PageSession session) =>
        session.Page.EvaluateExpressionAsync<string>("document.querySelector('[data-explain]').textContent");

    /// <summary>data-data and data-grad of every value node (data-node = its index in topological order).</summary>
    private static Task<bool> DisabledAsync(PageSession session, string action) =>
        session.Page.EvaluateExpressionAsync<bool>($"document.querySelector('[data-action=\"{action}\"]').disabled");

    private static Task<string> ViewBoxAsync(PageSession session) =>
        session.Page.EvaluateExpressionAsync<string>("document.getElementById('graph').getAttribute('viewBox')");

    [Fact]
    public async Task A_reused_node_visibly_accumulates_both_contributions()
    {
        // The lecture's bug demo: b = a + a, so db/da = 2 (calculus; micrograd's fixed += gives 2.0).
        var a = new Value(3.0, "a");
        var b = a + a;
        b.Label = "b";
        await using var session = await OpenAsync(b);

        await session.ClickAsync("forward");
        Assert.Equal("backward", await session.PhaseAsync());
        Assert.Equal(("6", "0"), await session.NodeAsync("b"));
        await session.ClickAsync("backward");
        Assert.Equal(("6", "1"), await session.NodeAsync("b"));
        await session.ClickAsync("backward");

        Assert.Equal("done", await session.PhaseAsync());
        Assert.Equal(("3", "2"), await session.NodeAsync("a"));
        // One note per edge (upstream 1 × local 1 = 1) and two on a: 0 + 1 = 1, then 1 + 1 = 2.
        Assert.Equal(["1 × 1 = 1", "1 × 1 = 1"], await TextsAsync(session, "[data-note-edge]"));
        Assert.Equal(["grad += 1: 0 + 1 = 1", "grad += 1: 1 + 1 = 2"], await TextsAsync(session, "[data-note-node=\"0\"]"));
        Assert.Contains("used twice", await ExplainAsync(session), StringComparison.Ordinal);
        Quiet(session);
    }

    [Fact]
    public async Task Backward_before_the_forward_pass_finishes_it_first_then_seeds_the_output()
    {
        var (o, _, _) = Graphs.Neuron();
        await using var session = await OpenNeuronAsync();
        await session.ClickAsync("forward");

        await session.ClickAsync("backward");

        Assert.Equal("backward", await session.PhaseAsync());
        var output = await session.OutputAsync();
        // Oracle: the C# engine's forward value (PyTorch float64: 0.7071067811865476, equal to 1e-15).
        Assert.Equal(o.Data, PageSession.Number(output.Data), 1e-15);
        Assert.Equal("1", output.Grad);
        Assert.All(await session.NodesAsync(), n => Assert.NotEqual("", n.Data));
        var explain = await ExplainAsync(session);
        Assert.Contains("remaining 4 nodes", explain, StringComparison.Ordinal);
        Assert.Contains("d out / d out = 1", explain, StringComparison.Ordinal);
        // Forward has nothing left to do: disabled, and a click changes nothing.
        Assert.True(await DisabledAsync(session, "forward"));
        var before = await session.NodesAsync();
        await session.Page.EvaluateExpressionAsync("document.querySelector('[data-action=\"forward\"]').click()");
        Assert.Equal(before, await session.NodesAsync());
        Assert.Equal("backward", await session.PhaseAsync());
        Quiet(session);
    }

    [Fact]
    public async Task Run_zero_grad_and_reset_move_between_the_phases()
    {
        await using var session = await OpenNeuronAsync();

        await session.ClickAsync("run");
        Assert.Equal("done", await session.PhaseAsync());
        // PyTorch float64 (lecture neuron): x1.grad = -1.5, w1.grad = 1, x2.grad = 0.5, w2.grad = 0.
        Assert.Equal(-1.5, PageSession.Number((await session.NodeAsync("x1")).Grad), 1e-12);
        Assert.Equal(1.0, PageSession.Number((await session.NodeAsync("w1")).Grad), 1e-12);
        Assert.Equal(0.5, PageSession.Number((await session.NodeAsync("x2")).Grad), 1e-12);
        Assert.Equal(0.0, PageSession.Number((await session.NodeAsync("w2")).Grad), 1e-12);
        Assert.True(await DisabledAsync(session, "backward"));

        await session.ClickAsync("zero-grad");
        Assert.Equal("backward", await session.PhaseAsync());
        var zeroed = await session.NodesAsync();
        Assert.All(zeroed, n => Assert.Equal("0", n.Grad));
        Assert.All(zeroed, n => Assert.NotEqual("", n.Data));
        await session.ClickAsync("run");
        Assert.Equal(-1.5, PageSession.Number((await session.NodeAsync("x1")).Grad), 1e-12); // zeroed, so not doubled

        await session.ClickAsync("reset");
        Assert.Equal("forward", await session.PhaseAsync());
        Assert.Equal(("2", "0"), await session.NodeAsync("x1"));
        Assert.Equal(("", "0"), await session.NodeAsync("n"));
        Assert.Equal(("", "0"), await session.OutputAsync());
        Assert.Equal(10, (await session.NodesAsync()).Length);
        Assert.Equal((5, 6), await session.StepToEndAsync()); // 5 ops forward; the seed and 5 ops backward
        Quiet(session);
    }

    [Fact]
    public async Task Keys_step_run_reset_zero_and_fit_but_not_while_typing()
    {
        await using var session = await OpenNeuronAsync();
        var keyboard = session.Page.Keyboard;

        await keyboard.PressAsync("f");
        await keyboard.PressAsync("ArrowRight");
        Assert.Equal(2, (await session.NodesAsync()).Count(n => n.Data != "") - 5);
        await keyboard.PressAsync("b");
        Assert.Equal("backward", await session.PhaseAsync());
        await keyboard.PressAsync("ArrowLeft");
        await keyboard.PressAsync("e");
        Assert.Equal("done", await session.PhaseAsync());
        await keyboard.PressAsync("z");
        Assert.Equal("backward", await session.PhaseAsync());
        await keyboard.PressAsync("r");
        Assert.Equal("forward", await session.PhaseAsync());

        var fitted = await ViewBoxAsync(session);
        await keyboard.PressAsync("=");
        Assert.NotEqual(fitted, await ViewBoxAsync(session));
        await keyboard.PressAsync("0");
        Assert.Equal(fitted, await ViewBoxAsync(session));

        await session.Page.FocusAsync("input[data-leaf=\"x1\"]");
        await keyboard.PressAsync("f");
        await keyboard.PressAsync("e");
        Assert.Equal("forward", await session.PhaseAsync());
        Assert.Equal(("", "0"), await session.NodeAsync("n"));
        // The page documents every key it answers.
        Assert.Equal(["f or →", "b", "←", "e", "r", "z", "0", "+ / −"], await TextsAsync(session, "[data-keys] dt"));
        Quiet(session);
    }

    [Fact]
    public async Task Left_arrow_steps_backward_only_once_the_forward_pass_is_done()
    {
        await using var session = await OpenNeuronAsync();
        var keyboard = session.Page.Keyboard;
        await keyboard.PressAsync("f");

        await keyboard.PressAsync("ArrowLeft");

        // Still one node computed, nothing skipped.
        Assert.Equal("forward", await session.PhaseAsync());
        Assert.Equal(1, (await session.NodesAsync()).Count(n => n.Data != "") - 5);
        for (var k = 0; k < 4; k++)
            await keyboard.PressAsync("ArrowRight");
        Assert.Equal("backward", await session.PhaseAsync());
        await keyboard.PressAsync("ArrowLeft"); // the seed
        await keyboard.PressAsync("ArrowLeft"); // o = tanh(n)
        // Calculus at the lecture's neuron: do/dn = 1 − o² = 0.5.
        Assert.Equal(0.5, PageSession.Number((await session.NodeAsync("n")).Grad), 1e-12);
        Quiet(session);
    }

    [Fact]
    public async Task Editing_a_leaf_resets_and_says_what_the_output_becomes()
    {
        await using var session = await OpenNeuronAsync();
        await session.ClickAsync("run");

        await session.SetLeafAsync("x1", "1.5");

        Assert.Equal("forward", await session.PhaseAsync());
        Assert.Equal(("1.5", "0"), await session.NodeAsync("x1"));
        // Oracle: the C# engine on the new input, tanh(1.5·(−3) + 0·1 + b), printed as JavaScript prints it.
        // (V8's tanh and .NET's may differ in the last bit, hence the tolerance.)
        var expected = Math.Tanh(1.5 * -3.0 + 0.0 * 1.0 + 6.8813735870195432);
        var explain = await ExplainAsync(session);
        var said = Regex.Match(explain, @"becomes (\S+) \(was (\S+),");
        Assert.True(said.Success, explain);
        Assert.Equal(expected, PageSession.Number(said.Groups[1].Value), 1e-15);
        // PyTorch float64: the lecture neuron's output 0.7071067811865476.
        Assert.Equal(0.7071067811865476, PageSession.Number(said.Groups[2].Value), 1e-15);
        // Leaving the box fires its change event too: the same value, so the page says nothing new.
        await session.Page.EvaluateExpressionAsync("document.activeElement.blur()");
        Assert.Equal(explain, await ExplainAsync(session));
        await session.ClickAsync("run");
        Assert.Equal(expected, PageSession.Number((await session.OutputAsync()).Data), 1e-15);

        // The change event (leaving the box) sets it too.
        await session.Page.EvaluateExpressionAsync(
            "(i => { i.value = '-2'; i.dispatchEvent(new Event('change')); })(document.querySelector('input[data-leaf=\"w2\"]'))");
        Assert.Equal(("-2", "0"), await session.NodeAsync("w2"));
        Quiet(session);
    }

    [Fact]
    public async Task Invalid_leaf_text_keeps_the_old_value_and_says_why()
    {
        await using var session = await OpenNeuronAsync();
        await session.ClickAsync("forward");

        await session.SetLeafAsync("x1", "two");

        Assert.Equal(("2", "0"), await session.NodeAsync("x1"));
        var message = await session.Page.EvaluateExpressionAsync<string>("document.querySelector('[data-leaf-message=\"x1\"]').textContent");
        Assert.Contains("not a number", message, StringComparison.Ordinal);
        Assert.Contains("stays 2", message, StringComparison.Ordinal);
        Assert.Equal(1, (await session.NodesAsync()).Count(n => n.Data != "") - 5); // the step taken is kept

        await session.SetLeafAsync("x1", "3");
        Assert.Equal("", await session.Page.EvaluateExpressionAsync<string>("document.querySelector('[data-leaf-message=\"x1\"]').textContent"));
        Assert.Equal(("3", "0"), await session.NodeAsync("x1"));
        Quiet(session);
    }

    /// <summary>The nudge check's text and attributes, and each leaf input's class and message.</summary>
    private static Task<string[]> LeafStateAsync(PageSession session) => session.Page.EvaluateExpressionAsync<string[]>(
        "[...document.querySelectorAll('[data-slope]')].map(e => e.textContent + '|' + (e.getAttribute('data-value') ?? '') + '|' + (e.getAttribute('data-grad') ?? ''))" +
        ".concat([...document.querySelectorAll('input[data-leaf]')].map(e => e.className), [...document.querySelectorAll('[data-leaf-message]')].map(e => e.textContent))");

    [Fact]
    public async Task A_leaf_edit_or_a_reset_clears_the_nudge_checks_and_refused_text()
    {
        await using var session = await OpenNeuronAsync();
        var clean = await LeafStateAsync(session);

        await session.Page.ClickAsync("button[data-nudge=\"x1\"]");
        await session.SetLeafAsync("w2", "abc");
        Assert.NotEqual(clean, await LeafStateAsync(session));
        await session.ClickAsync("reset");
        Assert.Equal(clean, await LeafStateAsync(session));
        Assert.Equal("1", await session.Page.EvaluateExpressionAsync<string>("document.querySelector('input[data-leaf=\"w2\"]').value"));

        await session.Page.ClickAsync("button[data-nudge=\"x1\"]");
        await session.SetLeafAsync("w2", "abc");
        await session.SetLeafAsync("x2", "1"); // another leaf's edit: the slope of x1 was for x2 = 0
        Assert.Equal(clean, await LeafStateAsync(session));
        Quiet(session);
    }

    [Fact]
    public async Task The_nudge_check_gives_the_finite_difference_beside_the_gradient()
    {
        await using var session = await OpenNeuronAsync();

        await session.ClickAsync("forward"); // the gradient is computed silently: the page stays where it is
        await session.Page.ClickAsync("button[data-nudge=\"x1\"]");

        var slope = PageSession.Number(await session.Page.EvaluateExpressionAsync<string>("document.querySelector('[data-slope=\"x1\"]').getAttribute('data-value')"));
        var grad = PageSession.Number(await session.Page.EvaluateExpressionAsync<string>("document.querySelector('[data-slope=\"x1\"]').getAttribute('data-grad')"));
        // PyTorch float64: x1.grad = -1.5. The forward difference with h = 1e-4 is off by about h·f''/2 (calculus:
        // f'' = w1²·(−2·o·(1 − o²)) ≈ −6.4, so about 3e-4).
        Assert.Equal(-1.5, grad, 1e-12);
        Assert.Equal(-1.5, slope, 1e-3);
        Assert.NotEqual(grad, slope);
        Assert.Equal(1, (await session.NodesAsync()).Count(n => n.Data != "") - 5);
        Assert.Equal(("2", "0"), await session.NodeAsync("x1"));

        // A larger h: the slope moves away from the gradient, as the lecture shows.
        await session.Page.EvaluateExpressionAsync("document.getElementById('h').value = '0.1'");
        await session.Page.ClickAsync("button[data-nudge=\"x1\"]");
        var coarse = PageSession.Number(await session.Page.EvaluateExpressionAsync<string>("document.querySelector('[data-slope=\"x1\"]').getAttribute('data-value')"));
        Assert.True(Math.Abs(coarse + 1.5) > 10 * Math.Abs(slope + 1.5), $"h = 0.1 gives {coarse}, h = 1e-4 gives {slope}");

        // An h of 0 or text is refused with a message, and the last result stays.
        await session.Page.EvaluateExpressionAsync("document.getElementById('h').value = '0'");
        await session.Page.ClickAsync("button[data-nudge=\"x1\"]");
        Assert.Contains("non-zero", await session.Page.EvaluateExpressionAsync<string>("document.getElementById('h-message').textContent"), StringComparison.Ordinal);
        Assert.Equal(coarse, PageSession.Number(await session.Page.EvaluateExpressionAsync<string>("document.querySelector('[data-slope=\"x1\"]').getAttribute('data-value')")));
        Quiet(session);
    }

    [Fact]
    public async Task The_explanation_names_each_op_local_derivative()
    {
        await using var session = await OpenNeuronAsync();
        await session.ClickAsync("backward"); // finishes forward, seeds

        await session.ClickAsync("backward"); // o = tanh(n)
        var tanh = await ExplainAsync(session);
        // Calculus: d tanh(n)/dn = 1 − tanh²(n) = 1 − 0.5 = 0.5 at the lecture's neuron (o = 0.7071…).
        Assert.Contains("∂o/∂n = 1 − o² = 0.5", tanh, StringComparison.Ordinal);
        Assert.Contains("o = tanh(n)", tanh, StringComparison.Ordinal);

        await session.ClickAsync("backward"); // n = (x1*w1 + x2*w2) + b
        var sum = await ExplainAsync(session);
        Assert.Contains("∂n/∂(x1*w1 + x2*w2) = 1", sum, StringComparison.Ordinal);
        Assert.Contains("∂n/∂b = 1", sum, StringComparison.Ordinal);
        Assert.DoesNotContain("= 1 = 1", sum, StringComparison.Ordinal);
        await session.ClickAsync("backward");
        await session.ClickAsync("backward"); // x2*w2 (the later product in topological order)
        var product = await ExplainAsync(session);
        // x2 = 0, w2 = 1: ∂(x2·w2)/∂x2 = w2 = 1, ∂(x2·w2)/∂w2 = x2 = 0.
        Assert.Contains("∂(x2*w2)/∂x2 = w2 = 1", product, StringComparison.Ordinal);
        Assert.Contains("∂(x2*w2)/∂w2 = x2 = 0", product, StringComparison.Ordinal);
        Assert.Contains("upstream grad × local derivative", product, StringComparison.Ordinal);
        Quiet(session);
    }

    [Fact]
    public async Task Local_derivatives_use_the_operands_names_not_a_and_b()
    {
        // The lecture's first graph: e = a*b, d = e + c, L = d*f with a = 2, b = −3, c = 10, f = −2 (so d = 4).
        var a = new Value(2.0, "a");
        var b = new Value(-3.0, "b");
        var c = new Value(10.0, "c");
        var f = new Value(-2.0, "f");
        var e = a * b;
        e.Label = "e";
        var d = e + c;
        d.Label = "d";
        var l = d * f;
        l.Label = "L";
        await using var session = await OpenAsync(l);
        await session.ClickAsync("backward");

        await session.ClickAsync("backward"); // L = d * f
        var explain = await ExplainAsync(session);
        // The lecture: dL/dd = f = −2 and dL/df = d = 4.
        Assert.Contains("∂L/∂d = f = -2", explain, StringComparison.Ordinal);
        Assert.Contains("∂L/∂f = d = 4", explain, StringComparison.Ordinal);
        await session.ClickAsync("backward"); // d = e + c
        await session.ClickAsync("backward"); // e = a * b: de/da = b = −3, de/db = a = 2
        explain = await ExplainAsync(session);
        Assert.Contains("∂e/∂a = b = -3", explain, StringComparison.Ordinal);
        Assert.Contains("∂e/∂b = a = 2", explain, StringComparison.Ordinal);
        Quiet(session);
    }

    [Fact]
    public async Task The_power_formulas_state_their_zero_rules()
    {
        var x = new Value(0.0, "x");
        var y = new Value(2.0, "y");
        var p = x.Pow(y);
        p.Label = "p";
        var q = p.Pow(0);
        q.Label = "q";
        await using var session = await OpenAsync(q);
        await session.ClickAsync("backward");

        await session.ClickAsync("backward"); // q = p**0
        // Value.Ops.cs (PyTorch's pow_backward): d(aᶜ)/da is 0 when c = 0.
        Assert.Contains("∂q/∂p = 0 (the exponent is 0)", await ExplainAsync(session), StringComparison.Ordinal);
        await session.ClickAsync("backward"); // p = x ** y
        var explain = await ExplainAsync(session);
        // Value.Ops.cs (PyTorch's pow_backward_exponent): d(aᵇ)/db = aᵇ·ln a, taken as 0 where a = 0 and b ≥ 0.
        Assert.Contains("∂p/∂y = p · ln x (0 where x = 0 and y ≥ 0) = 0", explain, StringComparison.Ordinal);
        Assert.Contains("∂p/∂x = y · x**(y − 1) (0 where y = 0) = 0", explain, StringComparison.Ordinal);
        Quiet(session);
    }

    [Fact]
    public async Task The_kink_formulas_state_their_tie_and_zero_rules()
    {
        // max at a tie, min away from one, abs at 0 and sign, each step's explanation read in turn.
        var x = new Value(2.0, "x");
        var y = new Value(2.0, "y");
        var z = new Value(3.0, "z");
        var m = Value.Max(x, y);
        m.Label = "m";
        var n = Value.Min(x, z);
        n.Label = "n";
        var d = x - y;
        d.Label = "d";
        var a = d.Abs();
        a.Label = "a";
        var s = x.Sign();
        s.Label = "s";
        var l = m + n + a + s;
        l.Label = "L";
        await using var session = await OpenAsync(l);
        var explains = new List<string>();
        while (await session.PhaseAsync() != "done")
        {
            await session.ClickAsync(await session.PhaseAsync() == "forward" ? "forward" : "backward");
            explains.Add(await ExplainAsync(session));
        }
        var all = string.Join("\n", explains);

        Assert.Contains("m = max(x, y) (a maximum)", all, StringComparison.Ordinal);
        Assert.Contains("n = min(x, z) (a minimum)", all, StringComparison.Ordinal);
        // The article follows the op's name: "an absolute value" (found by review: it read "a absolute value").
        Assert.Contains("a = abs(d) (an absolute value)", all, StringComparison.Ordinal);
        // Value.Ops.Piecewise.cs (torch.maximum's rule): at a tie each operand gets half, s = sign(x − y) = 0.
        Assert.Contains("∂m/∂x = (1 + sign(x − y))/2 (1 if x > y, 0 if x < y, ½ at a tie) = 0.5", all, StringComparison.Ordinal);
        Assert.Contains("∂m/∂y = (1 − sign(x − y))/2 (1 if y > x, 0 if y < x, ½ at a tie) = 0.5", all, StringComparison.Ordinal);
        // Calculus: min(x, z) is x where x < z (2 < 3), so ∂n/∂x = 1 and ∂n/∂z = 0.
        Assert.Contains("∂n/∂x = (1 − sign(x − z))/2 (1 if x < z, 0 if x > z, ½ at a tie) = 1", all, StringComparison.Ordinal);
        Assert.Contains("∂n/∂z = (1 + sign(x − z))/2 (1 if z < x, 0 if z > x, ½ at a tie) = 0", all, StringComparison.Ordinal);
        // PyTorch: abs'(0) = sign(0) = 0, and sign's derivative is 0 everywhere.
        Assert.Contains("∂a/∂d = sign(d) (1 above 0, −1 below, 0 at 0) = 0", all, StringComparison.Ordinal);
        Assert.Contains("∂s/∂x = 0", all, StringComparison.Ordinal);
        Assert.DoesNotContain("∂s/∂x = 0 = 0", all, StringComparison.Ordinal);
        Assert.Contains("sends nothing back", all, StringComparison.Ordinal);
        // x.grad = ½ (max's tie) + 1 (min) + 0 (abs at 0, through d) + 0 (sign); y.grad = ½ − 0; z.grad = 0.
        Assert.Equal(("2", "1.5"), await session.NodeAsync("x"));
        Assert.Equal(("2", "0.5"), await session.NodeAsync("y"));
        Assert.Equal(("3", "0"), await session.NodeAsync("z"));
        Quiet(session);
    }

    [Fact]
    public async Task Buttons_wheel_and_drag_pan_and_zoom_the_view()
    {
        await using var session = await OpenAsync(Graphs.Random(5, 60));
        await session.ClickAsync("fit");
        var start = ViewBox(await ViewBoxAsync(session));

        await session.ClickAsync("zoom-in");
        var zoomed = ViewBox(await ViewBoxAsync(session));
        Assert.True(zoomed[2] < start[2], $"zoom in: {start[2]} -> {zoomed[2]}");

        var view = await session.Page.QuerySelectorAsync("#view");
        var box = (await view.BoundingBoxAsync())!;
        await session.Page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await session.Page.Mouse.WheelAsync(0, 300);
        var wheeled = ViewBox(await ViewBoxAsync(session));
        Assert.True(wheeled[2] > zoomed[2], $"wheel out: {zoomed[2]} -> {wheeled[2]}");

        await session.Page.Mouse.DownAsync();
        await session.Page.Mouse.MoveAsync(box.X + box.Width / 2 + 100, box.Y + box.Height / 2 + 40, new PuppeteerSharp.Input.MoveOptions { Steps = 5 });
        await session.Page.Mouse.UpAsync();
        var dragged = ViewBox(await ViewBoxAsync(session));
        Assert.True(dragged[0] < wheeled[0] && dragged[1] < wheeled[1], "dragging right and down moves the view left and up");
        Assert.Equal(wheeled[2], dragged[2], 1e-9);

        await session.ClickAsync("fit");
        Assert.Equal(start, ViewBox(await ViewBoxAsync(session)));
        Quiet(session);
    }

    [Fact]
    public async Task A_lone_leaf_and_non_finite_numbers_step_without_errors()
    {
        await using (var lone = await OpenAsync(new Value(4.0, "x")))
        {
            // Nothing to compute: the only step is the seed, d x / d x = 1 (calculus).
            Assert.Equal("backward", await lone.PhaseAsync());
            Assert.Equal((0, 1), await lone.StepToEndAsync());
            Assert.Equal(("4", "1"), await lone.OutputAsync());

            // Editing it: still nothing to compute, so the page asks for the backward step, not a forward one.
            await lone.SetLeafAsync("x", "5");
            Assert.Equal("backward", await lone.PhaseAsync());
            Assert.True(await DisabledAsync(lone, "forward"));
            var explain = await ExplainAsync(lone);
            Assert.DoesNotContain("forward", explain, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("press backward", explain, StringComparison.Ordinal);
            Quiet(lone);
        }

        // IEEE 754 (and the C# engine): ∞ · 0 = NaN, and NaN propagates through tanh and into every gradient.
        var inf = new Value(double.PositiveInfinity, "inf");
        var y = (inf * 0.0).Tanh();
        y.Label = "y";
        await using var session = await OpenAsync(y);
        await session.ClickAsync("run");
        Assert.Equal(("NaN", "1"), await session.NodeAsync("y"));
        Assert.Equal(("Infinity", "NaN"), await session.NodeAsync("inf"));
        Quiet(session);
    }

    [Fact]
    public async Task Values_sharing_a_label_are_told_apart_by_their_number()
    {
        var first = new Value(2.0, "x");
        var second = new Value(3.0, "x");
        var y = first * second;
        y.Label = "y";
        await using var session = await OpenAsync(y);

        Assert.Equal(["x (#0)", "x (#1)"], await TextsAsync(session, "#leaf-table td.label"));
        await session.ClickAsync("forward");
        Assert.Contains("y = x (#0) * x (#1)", await ExplainAsync(session), StringComparison.Ordinal);
        await session.ClickAsync("backward");
        await session.ClickAsync("backward");
        var explain = await ExplainAsync(session);
        // Calculus: ∂(x₀·x₁)/∂x₀ = x₁ = 3.
        Assert.Contains("∂y/∂x (#0) = x (#1) = 3", explain, StringComparison.Ordinal);
        Assert.Contains("Chain rule into x (#1)", explain, StringComparison.Ordinal);
        Quiet(session);
    }

    [Fact]
    public async Task Keys_still_work_after_ticking_the_follow_box()
    {
        await using var session = await OpenNeuronAsync();
        await session.Page.ClickAsync("[data-option=\"follow\"]");

        await session.Page.Keyboard.PressAsync("e");

        Assert.Equal("done", await session.PhaseAsync());
        Quiet(session);
    }

    [Fact]
    public async Task Following_the_steps_reads_no_layout_and_a_resize_keeps_the_view_in_shape()
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        var path = _pages.Write(o, new GraphOptions { Inputs = inputs, Parameters = parameters });
        var page = await chromium.Browser.NewPageAsync();
        await page.SetViewportAsync(new PuppeteerSharp.ViewPortOptions { Width = 1280, Height = 800 });
        // Counts every read of an element's size, which makes the browser lay the page out anew after a change.
        await page.EvaluateExpressionOnNewDocumentAsync(
            """
            window.layoutReads = 0;
            for (const [type, name] of [[Element, "clientWidth"], [Element, "clientHeight"], [HTMLElement, "offsetWidth"], [HTMLElement, "offsetHeight"]]) {
              const get = Object.getOwnPropertyDescriptor(type.prototype, name).get;
              Object.defineProperty(type.prototype, name, { get() { window.layoutReads++; return get.call(this); }, configurable: true });
            }
            for (const [type, name] of [[Element, "getBoundingClientRect"], [SVGGraphicsElement, "getBBox"], [SVGTextContentElement, "getComputedTextLength"]]) {
              const f = type.prototype[name];
              type.prototype[name] = function (...args) { window.layoutReads++; return f.apply(this, args); };
            }
            """);
        await using var session = new PageSession(page, new Uri(path).AbsoluteUri);
        await page.GoToAsync(session.Url);
        for (var k = 0; k < 3; k++)
            await session.ClickAsync("zoom-in"); // so that following has to move the view
        var before = await ViewBoxAsync(session);
        await session.Page.EvaluateExpressionAsync("window.layoutReads = 0");

        await session.StepToEndAsync();

        Assert.NotEqual(before, await ViewBoxAsync(session)); // it did follow
        Assert.Equal(0, await session.Page.EvaluateExpressionAsync<int>("window.layoutReads"));

        // A narrower window: the viewBox takes the view's new aspect at the same scale.
        var scale = await session.Page.EvaluateExpressionAsync<double>("document.getElementById('view').clientWidth / document.getElementById('graph').viewBox.baseVal.width");
        await page.SetViewportAsync(new PuppeteerSharp.ViewPortOptions { Width = 900, Height = 700 });
        await session.Page.EvaluateExpressionAsync("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        var shape = await session.Page.EvaluateExpressionAsync<double[]>(
            "(v => [v.clientWidth, v.clientHeight, document.getElementById('graph').viewBox.baseVal.width, document.getElementById('graph').viewBox.baseVal.height])(document.getElementById('view'))");
        // (viewBox.baseVal holds single-precision floats.)
        Assert.Equal(shape[0] / shape[1], shape[2] / shape[3], 1e-5);
        Assert.Equal(scale, shape[0] / shape[2], 1e-5);
        Quiet(session);
    }

    [Fact]
    public async Task A_step_on_a_500_node_graph_touches_the_few_elements_it_concerns()
    {
        var size = 500;
        Value root;
        while ((root = Graphs.Random(9, size)).TopologicalOrder().Count < 500)
            size += 10;
        await using var session = await OpenAsync(root);
        const string Observe = """
            window.changes = 0;
            new MutationObserver(records => { window.changes += records.length; })
              .observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
            """;
        const string Count = "new Promise(resolve => setTimeout(() => { const n = window.changes; window.changes = 0; resolve(n); }, 0))";
        await session.Page.EvaluateExpressionAsync(Observe);

        // A step redraws its node, its operands, its notes and the status: tens of changes, where redrawing every one
        // of the 500 nodes would take thousands.
        var counts = new List<int>();
        for (var k = 0; k < 3; k++)
        {
            await session.ClickAsync("forward");
            counts.Add(await session.Page.EvaluateExpressionAsync<int>(Count));
        }
        await session.ClickAsync("backward"); // finishes the forward pass: that one is allowed to be big
        await session.Page.EvaluateExpressionAsync<int>(Count);
        for (var k = 0; k < 3; k++)
        {
            await session.ClickAsync("backward");
            counts.Add(await session.Page.EvaluateExpressionAsync<int>(Count));
        }
        Assert.All(counts, c => Assert.InRange(c, 1, 80));
        Quiet(session);
    }

    [Fact]
    public async Task Labels_that_look_like_markup_are_shown_as_text()
    {
        string[] labels = ["</script><script>window.pwned = 1</script>", "<img src=x onerror=\"window.pwned = 2\">", "\"q\" & 'θ₁' 😀"];
        var leaves = labels.Select((l, k) => new Value(k + 1, l)).ToArray();
        var root = leaves[0] * leaves[1] + leaves[2];
        await using var session = await OpenAsync(root);
        await session.ClickAsync("run");

        var shown = await session.Page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll('[data-node-label]')].map(e => e.getAttribute('data-node-label'))");
        Assert.Equal(labels, shown);
        Assert.Equal(labels, await session.Page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll('input[data-leaf]')].map(e => e.getAttribute('data-leaf'))"));
        Assert.Equal("3", (await session.NodeAsync(labels[2])).Data);
        Assert.False(await session.Page.EvaluateExpressionAsync<bool>("'pwned' in window"));
        Assert.Contains(labels[0], await ExplainAsync(session) + string.Join(" ", await TextsAsync(session, "#leaf-table td.label")), StringComparison.Ordinal);
        Quiet(session);
    }

    [Fact]
    public async Task Every_op_in_javascript_equals_the_csharp_engine()
    {
        var root = Graphs.EveryOp();
        root.Backward();
        var order = root.TopologicalOrder();
        await using var session = await OpenAsync(root);

        await session.StepToEndAsync();
        var nodes = await session.NodesAsync();

        // Oracle: the C# engine's Backward(), which the page's ops.js mirrors op by op (Value.Ops.cs).
        Assert.Equal(order.Count, nodes.Length);
        for (var i = 0; i < order.Count; i++)
        {
            Close(order[i].Data, PageSession.Number(nodes[i].Data), $"data of value {i} ({order[i].Op})");
            Close(order[i].Grad, PageSession.Number(nodes[i].Grad), $"grad of value {i} ({order[i].Op})");
        }
        Quiet(session);
    }

    /// <summary>NaN and infinities exactly, finite values to 1e-12 (relative above 1): V8's exp, log, tanh, pow, sin
    /// and cos (fdlibm's) and .NET's (the C library's) are each within 1 ulp, so they may differ in the last bit, and
    /// a graph carries such a difference on through the ops after it (see GraphPageOpsTests.Check).</summary>
    private static void Close(double expected, double actual, string what)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected}, the page has {actual}");
            return;
        }
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: C# {expected:R}, the page {actual:R}");
    }

    private static double[] ViewBox(string text) =>
        [.. text.Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture))];

    public void Dispose() => _pages.Dispose();
}
