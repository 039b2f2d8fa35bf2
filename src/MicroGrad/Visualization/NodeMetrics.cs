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

    // The page's data and grad fields hold at least this, so the numbers a leaf edit brings fit.
    private static readonly double s_pageNumberWidth = CellWidth("data -0000.0000");

    /// <summary>Width of one record field holding <paramref name="text"/>.</summary>
    public static double CellWidth(string text) => Math.Max(MinCellWidth, text.Length * CharWidth + 2 * CellPadding);

    /// <summary>The record of value <paramref name="i"/>: three fields side by side when the graph flows left to right
    /// (Graphviz flips <c>{ a | b | c }</c> so), stacked when it flows top to bottom.</summary>
    public static (double Width, double Height) ValueSize(GraphModel graph, int i, RankDirection direction, RecordSizing sizing)
    {
        var (label, data, grad) = CellWidths(graph, i, sizing);
        return direction == RankDirection.LeftToRight
            ? (label + data + grad, RowHeight)
            : (Math.Max(label, Math.Max(data, grad)), 3 * RowHeight);
    }

    /// <summary>The widths of the label, data and grad fields of value <paramref name="i"/>'s record: each as wide as
    /// its text in a picture; on the page also as wide as the <c>#i</c> that names an unlabelled result, and as
    /// <c>data -0000.0000</c>, so the numbers a learner's edits bring stay inside.</summary>
    public static (double Label, double Data, double Grad) CellWidths(GraphModel graph, int i, RecordSizing sizing)
    {
        var v = graph.Values[i];
        if (sizing == RecordSizing.Picture)
            return (CellWidth(GraphText.Label(v)), CellWidth(GraphText.Data(v)), CellWidth(GraphText.Grad(v)));
        var label = v.Label ?? (graph.IsLeaf(i) ? "" : PageNodeId(i));
        return (CellWidth(label), Math.Max(s_pageNumberWidth, CellWidth(GraphText.Data(v))), Math.Max(s_pageNumberWidth, CellWidth(GraphText.Grad(v))));
    }

    /// <summary>How the page names an unlabelled result: <c>#</c> and its index in topological order.</summary>
    public static string PageNodeId(int i) => "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Radii of the ellipse of an op named <paramref name="op"/>.</summary>
    public static (double RadiusX, double RadiusY) OpRadii(string op) =>
        (Math.Max(MinOpRadiusX, op.Length * OpCharWidth / 2 + 8), OpRadiusY);
}

/// <summary>Which texts the records of a layout are sized for.</summary>
internal enum RecordSizing
{
    /// <summary>The texts of the picture (SVG, DOT): the label and the numbers as they are now.</summary>
    Picture,

    /// <summary>The learner's page, whose numbers change: room for <c>#i</c> and for <c>data -0000.0000</c>.</summary>
    Page,
}
