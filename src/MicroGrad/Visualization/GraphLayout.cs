namespace MicroGrad.Visualization;

/// <summary>Where the built-in layout puts each node and edge, in SVG user units (y grows downwards).</summary>
internal sealed class GraphLayout
{
    public required double Width { get; init; }

    public required double Height { get; init; }

    /// <summary>Top-left corner and size of the record of value i.</summary>
    public required (double X, double Y, double Width, double Height)[] Values { get; init; }

    /// <summary>Centre and radii of the ellipse of the op that produced value i (zeros for a leaf).</summary>
    public required (double X, double Y, double RadiusX, double RadiusY)[] Ops { get; init; }

    /// <summary>Each edge as x0, y0, x1, y1, …, in the order of the DOT text: for each value in topological order,
    /// its operands into its op, then its op into it. The last point is on the target's border.</summary>
    public required double[][] Edges { get; init; }
}
