namespace MicroGrad.Visualization;

/// <summary>The direction in which a graph picture flows from the leaves to the output (Graphviz's <c>rankdir</c>).</summary>
public enum RankDirection
{
    /// <summary>Left to right (<c>rankdir=LR</c>), micrograd's default.</summary>
    LeftToRight,

    /// <summary>Top to bottom (<c>rankdir=TB</c>).</summary>
    TopToBottom,
}

/// <summary>Which program lays out an SVG picture.</summary>
public enum SvgRenderer
{
    /// <summary>Graphviz's <c>dot -Tsvg</c> when it is found (and succeeds in time), otherwise the built-in layout.</summary>
    Auto,

    /// <summary>Always the built-in layered layout, with no external program.</summary>
    BuiltIn,
}

/// <summary>What a value is in a picture; each role has its own fill colour (see <see cref="GraphPicture.FillColor"/>).</summary>
public enum NodeRole
{
    /// <summary>The value the picture was drawn from.</summary>
    Output,

    /// <summary>A leaf listed in <see cref="GraphOptions.Inputs"/>.</summary>
    Input,

    /// <summary>A leaf listed in <see cref="GraphOptions.Parameters"/> (for example a module's parameters).</summary>
    Parameter,

    /// <summary>An unlabelled leaf that is neither an input nor a parameter, such as the <c>2.0</c> of <c>x * 2.0</c>.</summary>
    Constant,

    /// <summary>Any other labelled leaf.</summary>
    Leaf,

    /// <summary>The result of an op other than the output.</summary>
    Interior,
}

/// <summary>How <see cref="GraphPicture"/> draws a graph. Every property has a default, so <c>new GraphOptions()</c>
/// gives micrograd's <c>draw_dot</c> picture.</summary>
public sealed class GraphOptions
{
    /// <summary>The flow of the picture; <see cref="RankDirection.LeftToRight"/> by default.</summary>
    public RankDirection RankDirection { get; init; } = RankDirection.LeftToRight;

    /// <summary>Leaves to colour as inputs (a role that wins over <see cref="Parameters"/>); none by default.</summary>
    public IReadOnlyList<Value>? Inputs { get; init; }

    /// <summary>Leaves to colour as parameters, for example a module's <c>Parameters()</c>; none by default.</summary>
    public IReadOnlyList<Value>? Parameters { get; init; }

    /// <summary>Which program lays out SVG; <see cref="SvgRenderer.Auto"/> by default.</summary>
    public SvgRenderer Renderer { get; init; } = SvgRenderer.Auto;

    /// <summary>The Graphviz <c>dot</c> executable to run; by default <c>dot</c> is looked up on <c>PATH</c>.</summary>
    public string? GraphvizPath { get; init; }

    /// <summary>How long <c>dot</c> may run before the built-in layout is used instead; 10 seconds by default.</summary>
    public TimeSpan GraphvizTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
