using System.Globalization;
using System.Text;
using System.Xml;

namespace MicroGrad.Visualization;

/// <summary>Draws a <see cref="GraphLayout"/> as a plain SVG 1.1 document: edges first, then one
/// <c>&lt;g class="node value"&gt;</c> per value (a record of three fields) and one <c>&lt;g class="node op"&gt;</c> per op
/// (an ellipse), in the DOT text's order and with its ids and colours.</summary>
internal static class SvgWriter
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";

    public static string Write(GraphModel graph, GraphLayout layout, RankDirection direction)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("svg", SvgNamespace);
            xml.WriteAttributeString("version", "1.1");
            xml.WriteAttributeString("width", Number(layout.Width));
            xml.WriteAttributeString("height", Number(layout.Height));
            xml.WriteAttributeString("viewBox", $"0 0 {Number(layout.Width)} {Number(layout.Height)}");
            xml.WriteAttributeString("font-family", "monospace");
            xml.WriteAttributeString("font-size", Number(NodeMetrics.FontSize));
            WriteArrowMarker(xml);
            Element(xml, "rect", "width", "100%", "height", "100%", "fill", "#ffffff");

            xml.WriteStartElement("g");
            xml.WriteAttributeString("class", "edges");
            xml.WriteAttributeString("fill", "none");
            xml.WriteAttributeString("stroke", "#000000");
            foreach (var edge in layout.Edges)
                Element(xml, "polyline", "class", "edge", "points", Points(edge), "marker-end", "url(#arrow)");
            xml.WriteEndElement();

            for (var i = 0; i < graph.Count; i++)
            {
                if (!graph.IsLeaf(i))
                    WriteOp(xml, graph.Values[i].Op, i, layout.Ops[i]);
                WriteValue(xml, graph, i, layout.Values[i], direction);
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length) + "\n";
    }

    private static void WriteArrowMarker(XmlWriter xml)
    {
        xml.WriteStartElement("defs");
        xml.WriteStartElement("marker");
        xml.WriteAttributeString("id", "arrow");
        xml.WriteAttributeString("viewBox", "0 0 10 10");
        xml.WriteAttributeString("refX", "10");
        xml.WriteAttributeString("refY", "5");
        xml.WriteAttributeString("markerWidth", "8");
        xml.WriteAttributeString("markerHeight", "8");
        xml.WriteAttributeString("orient", "auto");
        Element(xml, "path", "d", "M 0 0 L 10 5 L 0 10 z", "fill", "#000000");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteValue(XmlWriter xml, GraphModel graph, int i,
        (double X, double Y, double Width, double Height) box, RankDirection direction)
    {
        var v = graph.Values[i];
        var role = graph.Roles[i];
        xml.WriteStartElement("g");
        xml.WriteAttributeString("class", "node value");
        xml.WriteAttributeString("id", "v" + i.ToString(CultureInfo.InvariantCulture));
        var label = GraphText.XmlSafe(GraphText.Label(v));
        xml.WriteElementString("title", label);
        Element(xml, "rect", "x", Number(box.X), "y", Number(box.Y), "width", Number(box.Width),
            "height", Number(box.Height), "fill", GraphPicture.FillColor(role), "stroke", "#000000",
            "stroke-width", role == NodeRole.Output ? "2" : "1");

        string[] fields = [label, GraphText.Data(v), GraphText.Grad(v)];
        if (direction == RankDirection.LeftToRight)
        {
            var x = box.X;
            for (var f = 0; f < fields.Length; f++)
            {
                var w = NodeMetrics.CellWidth(fields[f]);
                if (f > 0)
                    Element(xml, "line", "x1", Number(x), "y1", Number(box.Y), "x2", Number(x), "y2", Number(box.Y + box.Height), "stroke", "#000000");
                Text(xml, x + w / 2, box.Y + box.Height / 2, fields[f], null);
                x += w;
            }
        }
        else
        {
            var row = box.Height / fields.Length;
            for (var f = 0; f < fields.Length; f++)
            {
                var y = box.Y + f * row;
                if (f > 0)
                    Element(xml, "line", "x1", Number(box.X), "y1", Number(y), "x2", Number(box.X + box.Width), "y2", Number(y), "stroke", "#000000");
                Text(xml, box.X + box.Width / 2, y + row / 2, fields[f], null);
            }
        }
        xml.WriteEndElement();
    }

    private static void WriteOp(XmlWriter xml, string op, int i, (double X, double Y, double RadiusX, double RadiusY) ellipse)
    {
        xml.WriteStartElement("g");
        xml.WriteAttributeString("class", "node op");
        xml.WriteAttributeString("id", "op" + i.ToString(CultureInfo.InvariantCulture));
        var text = GraphText.XmlSafe(op);
        xml.WriteElementString("title", text);
        Element(xml, "ellipse", "cx", Number(ellipse.X), "cy", Number(ellipse.Y), "rx", Number(ellipse.RadiusX),
            "ry", Number(ellipse.RadiusY), "fill", "#ffffff", "stroke", "#000000");
        Text(xml, ellipse.X, ellipse.Y, text, NodeMetrics.OpFontSize);
        xml.WriteEndElement();
    }

    /// <summary>Centred text whose middle sits at (<paramref name="x"/>, <paramref name="y"/>): the baseline is put about
    /// a third of the font size below the middle, which works without <c>dominant-baseline</c> support.</summary>
    private static void Text(XmlWriter xml, double x, double y, string text, double? fontSize)
    {
        if (text.Length == 0)
            return;
        xml.WriteStartElement("text");
        xml.WriteAttributeString("x", Number(x));
        xml.WriteAttributeString("y", Number(y + 0.35 * (fontSize ?? NodeMetrics.FontSize)));
        xml.WriteAttributeString("text-anchor", "middle");
        if (fontSize is { } size)
            xml.WriteAttributeString("font-size", Number(size));
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, params ReadOnlySpan<string> attributes)
    {
        xml.WriteStartElement(name);
        for (var k = 0; k + 1 < attributes.Length; k += 2)
            xml.WriteAttributeString(attributes[k], attributes[k + 1]);
        xml.WriteEndElement();
    }

    private static string Points(double[] xy)
    {
        var sb = new StringBuilder(xy.Length * 8);
        for (var k = 0; k + 1 < xy.Length; k += 2)
        {
            if (k > 0)
                sb.Append(' ');
            sb.Append(Number(xy[k])).Append(',').Append(Number(xy[k + 1]));
        }
        return sb.ToString();
    }

    /// <summary>A coordinate with at most two decimals, invariant culture, never <c>-0</c>.</summary>
    private static string Number(double x) => (Math.Round(x, 2) + 0.0).ToString("0.##", CultureInfo.InvariantCulture);
}
