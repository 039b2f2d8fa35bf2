namespace MicroGrad.Visualization;

/// <summary>Sizes of the drawn nodes, estimated from text length in a monospace font (no font files are read, so
/// the built-in layout gives the same picture on every machine).</summary>
internal static class NodeMetrics
{
    public const double FontSize = 12;
    public const double OpFontSize = 10;
    // A monospace glyph is about 0.6 em wide.
    public const double CharWidth = 0.6 * FontSize;
    public const double OpCharWidth = 0.6 * OpFontSize;
    public const double CellPadding = 8;
    public const double MinCellWidth = 16;
    public const double RowHeight = 24;
    public const double OpRadiusY = 12;
    public const double MinOpRadiusX = 16;

    /// <summary>Width of one record field holding <paramref name="text"/>.</summary>
    public static double CellWidth(string text) => Math.Max(MinCellWidth, text.Length * CharWidth + 2 * CellPadding);

    /// <summary>The record of a value: three fields side by side when the graph flows left to right (Graphviz flips
    /// <c>{ a | b | c }</c> so), stacked when it flows top to bottom.</summary>
    public static (double Width, double Height) ValueSize(Value v, RankDirection direction)
    {
        var label = CellWidth(GraphText.Label(v));
        var data = CellWidth(GraphText.Data(v));
        var grad = CellWidth(GraphText.Grad(v));
        return direction == RankDirection.LeftToRight
            ? (label + data + grad, RowHeight)
            : (Math.Max(label, Math.Max(data, grad)), 3 * RowHeight);
    }

    /// <summary>Radii of the ellipse of an op named <paramref name="op"/>.</summary>
    public static (double RadiusX, double RadiusY) OpRadii(string op) =>
        (Math.Max(MinOpRadiusX, op.Length * OpCharWidth / 2 + 8), OpRadiusY);
}
