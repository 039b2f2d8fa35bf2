namespace MicroGrad.Visualization;

/// <summary>
/// Pictures of a computation graph, as micrograd's <c>draw_dot</c> draws them: one record
/// <c>{ label | data 0.0000 | grad 0.0000 }</c> per <see cref="Value"/>, one small ellipse per op between its operands
/// and its result, flowing left to right (or top to bottom on request), with inputs, parameters, constants and the
/// output filled in different colours.
/// </summary>
/// <example>
/// <code>
/// var x = new Value(2.0, "x");
/// var w = new Value(-3.0, "w");
/// var y = (x * w).Tanh();
/// y.Backward();
/// string dot = GraphPicture.ToDot(y, new GraphOptions { Inputs = [x], Parameters = [w] });
/// string svg = GraphPicture.ToSvg(y);   // Graphviz when installed, else the built-in layout
/// </code>
/// </example>
public static class GraphPicture
{
    private static readonly GraphOptions s_defaults = new();

    /// <summary>
    /// The graph below <paramref name="root"/> as Graphviz DOT. Values are numbered <c>v0, v1, …</c> in
    /// <see cref="Value.TopologicalOrder"/> (operands before users, the root last), and the op that produced value i is
    /// <c>op{i}</c>, so the same program gives byte-identical text on every run. Numbers use micrograd's <c>%.4f</c> in
    /// the invariant culture; labels are escaped for record fields.
    /// </summary>
    /// <param name="root">The value to draw, with everything it depends on.</param>
    /// <param name="options">Direction and roles; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="GraphOptions.Inputs"/> or <see cref="GraphOptions.Parameters"/>
    /// contains null.</exception>
    public static string ToDot(Value root, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= s_defaults;
        return DotWriter.Write(GraphModel.Build(root, options), options.RankDirection);
    }

    /// <summary>
    /// The graph below <paramref name="root"/> as an SVG document. With <see cref="SvgRenderer.Auto"/> the DOT of
    /// <see cref="ToDot"/> is piped through Graphviz's <c>dot -Tsvg</c> when <c>dot</c> is found; when it is missing,
    /// fails or exceeds <see cref="GraphOptions.GraphvizTimeout"/>, or with <see cref="SvgRenderer.BuiltIn"/>, a built-in
    /// layered layout draws the same nodes and edges as plain SVG 1.1 (one <c>&lt;g class="node value"&gt;</c> per
    /// value, one <c>&lt;g class="node op"&gt;</c> per op, no two boxes overlapping).
    /// </summary>
    /// <param name="root">The value to draw, with everything it depends on.</param>
    /// <param name="options">Direction, roles and renderer; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="GraphOptions.Inputs"/> or <see cref="GraphOptions.Parameters"/>
    /// contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="GraphOptions.GraphvizTimeout"/> is not positive.</exception>
    public static string ToSvg(Value root, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= s_defaults;
        if (options.GraphvizTimeout <= TimeSpan.Zero)
            MicroGradThrow.ArgumentOutOfRange(nameof(options), options.GraphvizTimeout, "a positive GraphvizTimeout");
        var graph = GraphModel.Build(root, options);
        if (options.Renderer == SvgRenderer.Auto
            && Graphviz.TryRender(DotWriter.Write(graph, options.RankDirection), options) is { } svg)
        {
            return svg;
        }
        return SvgWriter.Write(graph, LayeredLayout.Compute(graph, options.RankDirection), options.RankDirection);
    }

    /// <summary>
    /// The graph below <paramref name="root"/> as one self-contained HTML page on which a learner steps through the
    /// forward pass (one op per step, its operands highlighted) and the backward pass (one node per step, each incoming
    /// edge showing <c>upstream grad × local derivative = contribution</c> and each operand its <c>grad +=</c>), edits
    /// the leaves and checks a gradient against a finite difference. The page's JavaScript recomputes every value and
    /// gradient with the same formulas as <see cref="Value.Backward"/>, in the same order; the graph (labels, roles and
    /// their <see cref="FillColor"/>, ops, the leaves' <see cref="Value.Data"/>, and the built-in layout's coordinates)
    /// is embedded as JSON. The page needs no network and no server: it works opened from disk. The same graph and
    /// options give the same text on every run; <see cref="GraphOptions.Renderer"/> is not used (the page is always
    /// drawn from the built-in layout).
    /// </summary>
    /// <param name="root">The output of the graph, with everything it depends on.</param>
    /// <param name="options">Direction and roles; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="GraphOptions.Inputs"/> or <see cref="GraphOptions.Parameters"/>
    /// contains null.</exception>
    public static string ToHtml(Value root, GraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= s_defaults;
        var graph = GraphModel.Build(root, options);
        return HtmlWriter.Write(graph, LayeredLayout.Compute(graph, options.RankDirection, RecordSizing.Page), options.RankDirection);
    }

    /// <summary>The fill colour of a value of role <paramref name="role"/> (an SVG/Graphviz <c>#rrggbb</c> colour):
    /// inputs light blue, parameters light green, constants light grey, other labelled leaves light yellow,
    /// interior values white, the output light salmon.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="role"/> is not a defined role.</exception>
    public static string FillColor(NodeRole role) => role switch
    {
        NodeRole.Input => "#add8e6",
        NodeRole.Parameter => "#90ee90",
        NodeRole.Constant => "#d3d3d3",
        NodeRole.Leaf => "#ffffe0",
        NodeRole.Interior => "#ffffff",
        NodeRole.Output => "#ffa07a",
        _ => MicroGradThrow.ArgumentOutOfRange<string>(nameof(role), role, $"one of {string.Join(", ", Enum.GetNames<NodeRole>())}"),
    };
}
