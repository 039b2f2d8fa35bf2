using System.Text;
using System.Text.Json;

namespace MicroGrad.Visualization;

/// <summary>
/// Writes the learner's page: the template (<c>Page/graph.html</c> with its CSS and JavaScript files inlined) with the
/// graph embedded as JSON in a <c>&lt;script type="application/json"&gt;</c>. The JSON is written by
/// <see cref="Utf8JsonWriter"/> with the default encoder, which escapes <c>&lt; &gt; &amp;</c> and non-ASCII
/// characters, so no label can close the script element; the page's script reads it with <c>JSON.parse</c>.
/// </summary>
/// <remarks>
/// JSON shape (<c>format</c> names its version): <c>{ format, direction: "LR"|"TB", width, height, output,
/// metrics: { fontSize, opFontSize, charWidth }, values: [ { label, role, fill, op, symbol, exponent?, operands, data?,
/// box: [x, y, w, h], cells: [c1, c2], ellipse?: [cx, cy, rx, ry], edges?: [[x0, y0, x1, y1, …], …] } ] }</c>, values
/// in <see cref="Value.TopologicalOrder"/>. <c>metrics</c> are <see cref="NodeMetrics"/>' font sizes and the width of
/// a monospace character the records were sized with (<see cref="RecordSizing.Page"/>); <c>cells</c> the two dividers
/// of a record, between its label, data and grad fields: x coordinates when the graph flows left to right, y when it
/// flows top to bottom. <c>op</c> is the op
/// code's name (the page's op table is keyed by it), <c>symbol</c> micrograd's <see cref="Value.Op"/>,
/// <c>exponent</c> the constant of <c>**c</c>, <c>data</c> a leaf's value (interior values are the page's to compute),
/// <c>edges</c> of a non-leaf value its operands' edges into its op, in operand order, then the op's edge into it.
/// Numbers are shortest round-trip JSON numbers; NaN and ±∞, which JSON lacks, are the strings "NaN", "Infinity" and
/// "-Infinity" (what JavaScript's <c>Number()</c> reads back). Coordinates are rounded to 0.01 as in the SVG.
/// The page sets <c>window.micrograd = { ops, engine, fixed4 }</c>, a read-only hook for tests (not part of the DOM
/// contract).
/// </remarks>
internal static class HtmlWriter
{
    public const string FormatName = "micrograd-graph/1";

    // The template's files, embedded with these logical names (MicroGrad.csproj); inlined in this order.
    private const string TemplateName = "MicroGrad.Visualization.Page.graph.html";
    private const string StyleName = "MicroGrad.Visualization.Page.graph.css";
    private static readonly string[] s_scriptNames =
    [
        "MicroGrad.Visualization.Page.ops.js",
        "MicroGrad.Visualization.Page.engine.js",
        "MicroGrad.Visualization.Page.viewport.js",
        "MicroGrad.Visualization.Page.view.js",
        "MicroGrad.Visualization.Page.panel.js",
        "MicroGrad.Visualization.Page.controls.js",
    ];

    // The page before and after the place of the graph's JSON, read once.
    private static readonly Lazy<(string Before, string After)> s_template = new(LoadTemplate);

    /// <summary>The page of <paramref name="graph"/>, drawn at <paramref name="layout"/>, which must be laid out with
    /// <see cref="RecordSizing.Page"/> (the JSON's record dividers are the page's field widths).</summary>
    public static string Write(GraphModel graph, GraphLayout layout, RankDirection direction)
    {
        var (before, after) = s_template.Value;
        return string.Concat(before, Json(graph, layout, direction), after);
    }

    /// <summary>The graph as the page's JSON (see the class remarks), as UTF-16 text.</summary>
    public static string Json(GraphModel graph, GraphLayout layout, RankDirection direction)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteString("direction", direction == RankDirection.TopToBottom ? "TB" : "LR");
            json.WriteNumber("width", Coordinate(layout.Width));
            json.WriteNumber("height", Coordinate(layout.Height));
            json.WriteNumber("output", graph.Count - 1);
            json.WriteStartObject("metrics");
            json.WriteNumber("fontSize", NodeMetrics.FontSize);
            json.WriteNumber("opFontSize", NodeMetrics.OpFontSize);
            json.WriteNumber("charWidth", NodeMetrics.CharWidth);
            json.WriteEndObject();
            json.WriteStartArray("values");
            var edge = 0;
            for (var i = 0; i < graph.Count; i++)
                WriteValue(json, graph, layout, direction, i, ref edge);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteValue(Utf8JsonWriter json, GraphModel graph, GraphLayout layout, RankDirection direction, int i, ref int edge)
    {
        var v = graph.Values[i];
        json.WriteStartObject();
        if (v.Label is { } label)
            json.WriteString("label", label);
        else
            json.WriteNull("label");
        json.WriteString("role", graph.Roles[i].ToString());
        json.WriteString("fill", GraphPicture.FillColor(graph.Roles[i]));
        json.WriteString("op", v.Code.ToString());
        json.WriteString("symbol", v.Op);
        if (v.Code == OpCode.PowConst)
        {
            json.WritePropertyName("exponent");
            Number(json, v.Right!.Data);
        }
        json.WriteStartArray("operands");
        for (var k = graph.OperandStart[i]; k < graph.OperandStart[i + 1]; k++)
            json.WriteNumberValue(graph.Operands[k]);
        json.WriteEndArray();
        if (graph.IsLeaf(i))
        {
            json.WritePropertyName("data");
            Number(json, v.Data);
        }
        var box = layout.Values[i];
        Coordinates(json, "box", [box.X, box.Y, box.Width, box.Height]);
        if (direction == RankDirection.LeftToRight)
        {
            var (labelWidth, dataWidth, _) = NodeMetrics.CellWidths(graph, i, RecordSizing.Page);
            Coordinates(json, "cells", [box.X + labelWidth, box.X + labelWidth + dataWidth]);
        }
        else
        {
            Coordinates(json, "cells", [box.Y + box.Height / 3, box.Y + 2 * box.Height / 3]);
        }
        if (!graph.IsLeaf(i))
        {
            var op = layout.Ops[i];
            Coordinates(json, "ellipse", [op.X, op.Y, op.RadiusX, op.RadiusY]);
            json.WriteStartArray("edges");
            var count = graph.OperandStart[i + 1] - graph.OperandStart[i] + 1;
            for (var k = 0; k < count; k++)
                Coordinates(json, null, layout.Edges[edge++]);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void Coordinates(Utf8JsonWriter json, string? name, ReadOnlySpan<double> xs)
    {
        if (name is null)
            json.WriteStartArray();
        else
            json.WriteStartArray(name);
        foreach (var x in xs)
            json.WriteNumberValue(Coordinate(x));
        json.WriteEndArray();
    }

    /// <summary>A coordinate rounded to 0.01 as the SVG writes it (never <c>-0</c>).</summary>
    private static double Coordinate(double x) => Math.Round(x, 2) + 0.0;

    /// <summary>A shortest round-trip JSON number, or "NaN"/"Infinity"/"-Infinity" (JSON has no such numbers).</summary>
    private static void Number(Utf8JsonWriter json, double x)
    {
        if (double.IsFinite(x))
            json.WriteNumberValue(x);
        else
            json.WriteStringValue(double.IsNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
    }

    private static (string, string) LoadTemplate()
    {
        var template = Resource(TemplateName)
            .Replace("/*{{style}}*/", Resource(StyleName), StringComparison.Ordinal)
            .Replace("/*{{script}}*/", string.Join("\n", Array.ConvertAll(s_scriptNames, Resource)), StringComparison.Ordinal);
        // The graph goes last, between the halves, so that nothing in it (a label) is ever taken for a marker.
        const string Marker = "{{graph}}";
        var at = template.IndexOf(Marker, StringComparison.Ordinal);
        return (template[..at], template[(at + Marker.Length)..]);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlWriter).Assembly.GetManifestResourceStream(name);
        if (stream is null)
            MicroGradThrow.InvalidOperation_MissingResource(name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Line ends as \n on every platform, so the page's bytes depend on the graph alone.
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
