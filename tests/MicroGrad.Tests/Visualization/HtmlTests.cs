using System.Text.Json;
using System.Text.RegularExpressions;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Visualization;

/// <summary>The learner's page as text: self-contained, its embedded JSON faithful to the graph, the same bytes every
/// time. (Its behaviour in a browser: Browser/GraphPageInteractionTests.)</summary>
public partial class HtmlTests
{
    private const string DataOpen = "<script type=\"application/json\" id=\"graph-data\">";

    // An attribute that makes the browser load an address, inside a tag.
    [GeneratedRegex("""<[^>]*\s(?:src|href|srcset|poster)\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceAttribute();

    // A protocol-relative address (//host/…) after a quote, a parenthesis or an equals sign.
    [GeneratedRegex("""[("'=]\s*//""")]
    private static partial Regex ProtocolRelative();

    [GeneratedRegex("""url\((?!#)|@import|<link|<iframe|<object|<embed|fetch\(|XMLHttpRequest|WebSocket|EventSource|import\(""", RegexOptions.IgnoreCase)]
    private static partial Regex OtherLoads();

    internal static JsonElement GraphJson(string html)
    {
        var start = html.IndexOf(DataOpen, StringComparison.Ordinal);
        Assert.True(start >= 0, "the page has no graph-data script");
        start += DataOpen.Length;
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        return JsonDocument.Parse(html[start..end]).RootElement.Clone();
    }

    [Fact]
    public void The_page_loads_nothing_from_outside()
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        var html = GraphPicture.ToHtml(o, new GraphOptions { Inputs = inputs, Parameters = parameters });

        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ResourceAttribute(), html);
        Assert.DoesNotMatch(ProtocolRelative(), html);
        Assert.DoesNotMatch(OtherLoads(), html);
    }

    [Fact]
    public void The_checks_for_outside_loads_catch_one()
    {
        // The patterns above must be able to fail: each of these would load something.
        Assert.Matches(ResourceAttribute(), "<img src=\"x.png\">");
        Assert.Matches(ProtocolRelative(), "<a x='//cdn.example/x.js'>");
        Assert.Matches(OtherLoads(), "body { background: url(x.png) }");
        Assert.DoesNotMatch(OtherLoads(), "marker-end: url(#arrow)");
    }

    [Fact]
    public void Labels_that_look_like_markup_stay_inside_the_json_and_survive()
    {
        string[] labels = ["</script><script>alert(1)</script>", "\"quoted\" & 'single'", "θ₁ ∂ 😀", "{{graph}}", "<!--", "\\"];
        var leaves = labels.Select((l, k) => new Value(k + 1, l)).ToArray();
        Value root = leaves[0];
        for (var k = 1; k < leaves.Length; k++)
            root += leaves[k];

        var html = GraphPicture.ToHtml(root);

        // The template's two script elements close, and nothing else does.
        Assert.Equal(2, Regex.Count(html, "</script>", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        var values = GraphJson(html).GetProperty("values");
        var found = values.EnumerateArray()
            .Where(v => v.GetProperty("op").GetString() == "Leaf")
            .Select(v => v.GetProperty("label").GetString()).ToArray();
        Assert.Equal(labels, found);
    }

    [Fact]
    public void The_same_graph_gives_the_same_bytes()
    {
        var first = GraphPicture.ToHtml(Graphs.Random(7, 120));
        var second = GraphPicture.ToHtml(Graphs.Random(7, 120));
        Assert.Equal(first, second);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RankDirection.LeftToRight, "LR")]
    [InlineData(RankDirection.TopToBottom, "TB")]
    public void The_embedded_graph_is_the_graph_model_with_the_layout(RankDirection direction, string name)
    {
        var root = Graphs.Random(3, 150);
        var x = root.TopologicalOrder().First(v => v.IsLeaf && v.Label is not null);
        var options = new GraphOptions { RankDirection = direction, Inputs = [x] };
        var graph = GraphModel.Build(root, options);
        var layout = LayeredLayout.Compute(graph, direction, RecordSizing.Page);

        var json = GraphJson(GraphPicture.ToHtml(root, options));

        Assert.Equal("micrograd-graph/1", json.GetProperty("format").GetString());
        var metrics = json.GetProperty("metrics");
        Assert.Equal(NodeMetrics.FontSize, metrics.GetProperty("fontSize").GetDouble());
        Assert.Equal(NodeMetrics.OpFontSize, metrics.GetProperty("opFontSize").GetDouble());
        Assert.Equal(NodeMetrics.CharWidth, metrics.GetProperty("charWidth").GetDouble());
        Assert.Equal(name, json.GetProperty("direction").GetString());
        Assert.Equal(graph.Count - 1, json.GetProperty("output").GetInt32());
        var values = json.GetProperty("values");
        Assert.Equal(graph.Count, values.GetArrayLength());
        var edge = 0;
        for (var i = 0; i < graph.Count; i++)
        {
            var v = graph.Values[i];
            var e = values[i];
            Assert.Equal(v.Label, e.GetProperty("label").GetString());
            Assert.Equal(graph.Roles[i].ToString(), e.GetProperty("role").GetString());
            Assert.Equal(GraphPicture.FillColor(graph.Roles[i]), e.GetProperty("fill").GetString());
            Assert.Equal(v.Code.ToString(), e.GetProperty("op").GetString());
            Assert.Equal(v.Op, e.GetProperty("symbol").GetString());
            int[] operands = [.. e.GetProperty("operands").EnumerateArray().Select(o => o.GetInt32())];
            Assert.Equal(graph.Operands[graph.OperandStart[i]..graph.OperandStart[i + 1]], operands);
            var box = layout.Values[i];
            Assert.Equal(Rounded([box.X, box.Y, box.Width, box.Height]), Numbers(e.GetProperty("box")));
            var (labelWidth, dataWidth, _) = NodeMetrics.CellWidths(graph, i, RecordSizing.Page);
            Assert.Equal(Rounded(direction == RankDirection.LeftToRight
                ? [box.X + labelWidth, box.X + labelWidth + dataWidth]
                : [box.Y + box.Height / 3, box.Y + 2 * box.Height / 3]), Numbers(e.GetProperty("cells")));
            if (v.IsLeaf)
            {
                // Round trip: the JSON number is the leaf's double, bit for bit.
                Assert.Equal(v.Data, e.GetProperty("data").GetDouble());
                Assert.False(e.TryGetProperty("edges", out _));
                continue;
            }
            Assert.False(e.TryGetProperty("data", out _));
            Assert.Equal(v.Code == OpCode.PowConst, e.TryGetProperty("exponent", out var exponent));
            if (v.Code == OpCode.PowConst)
                Assert.Equal(v.Right!.Data, exponent.GetDouble());
            var op = layout.Ops[i];
            Assert.Equal(Rounded([op.X, op.Y, op.RadiusX, op.RadiusY]), Numbers(e.GetProperty("ellipse")));
            foreach (var points in e.GetProperty("edges").EnumerateArray())
                Assert.Equal(Rounded(layout.Edges[edge++]), Numbers(points));
        }
        Assert.Equal(layout.Edges.Length, edge);
    }

    [Theory]
    [InlineData(RankDirection.LeftToRight)]
    [InlineData(RankDirection.TopToBottom)]
    public void Page_records_have_room_for_the_node_number_and_for_numbers_that_grow(RankDirection direction)
    {
        var x = new Value(2.0, "x");
        var y = (x * 3.0).Tanh() + 1.0; // unlabelled results, named #i on the page
        var graph = GraphModel.Build(y, new GraphOptions());
        var page = LayeredLayout.Compute(graph, direction, RecordSizing.Page);
        var picture = LayeredLayout.Compute(graph, direction);

        // "data -0000.0000" is 15 monospace characters; a cell holds its text and a padding on each side.
        var number = 15 * NodeMetrics.CharWidth + 2 * NodeMetrics.CellPadding;
        for (var i = 0; i < graph.Count; i++)
        {
            var (label, data, grad) = NodeMetrics.CellWidths(graph, i, RecordSizing.Page);
            Assert.True(data >= number && grad >= number, $"value {i}: data {data}, grad {grad} < {number}");
            if (!graph.IsLeaf(i) && graph.Values[i].Label is null)
                Assert.Equal(NodeMetrics.CellWidth("#" + i), label);
            var box = page.Values[i];
            Assert.Equal(direction == RankDirection.LeftToRight ? label + data + grad : Math.Max(label, Math.Max(data, grad)), box.Width, 1e-9);
            // The picture keeps micrograd's records, each field as wide as its text.
            Assert.Equal(NodeMetrics.ValueSize(graph, i, direction, RecordSizing.Picture).Width, picture.Values[i].Width, 1e-9);
            Assert.True(picture.Values[i].Width < box.Width, $"value {i}: the picture's record is as wide as the page's");
        }
    }

    [Fact]
    public void Reused_operands_appear_twice_and_the_exponent_of_pow_is_not_an_operand()
    {
        var a = new Value(3.0, "a");
        var b = (a + a).Pow(2);

        var values = GraphJson(GraphPicture.ToHtml(b)).GetProperty("values");

        Assert.Equal(3, values.GetArrayLength());
        Assert.Equal([0, 0], values[1].GetProperty("operands").EnumerateArray().Select(o => o.GetInt32()));
        Assert.Equal("PowConst", values[2].GetProperty("op").GetString());
        Assert.Equal("**2", values[2].GetProperty("symbol").GetString());
        Assert.Equal(2.0, values[2].GetProperty("exponent").GetDouble());
        Assert.Equal([1], values[2].GetProperty("operands").EnumerateArray().Select(o => o.GetInt32()));
    }

    [Fact]
    public void Non_finite_leaves_are_strings_javascript_reads_back()
    {
        var root = new Value(double.NaN, "nan") + new Value(double.PositiveInfinity, "inf") + new Value(double.NegativeInfinity, "minf")
            + new Value(5e-324, "tiny") + new Value(0.1, "tenth");

        var data = GraphJson(GraphPicture.ToHtml(root)).GetProperty("values").EnumerateArray()
            .Where(v => v.GetProperty("op").GetString() == "Leaf")
            .ToDictionary(v => v.GetProperty("label").GetString()!, v => v.GetProperty("data"));

        // JavaScript's Number("NaN"), Number("Infinity") and Number("-Infinity") give the three non-finite doubles.
        Assert.Equal("NaN", data["nan"].GetString());
        Assert.Equal("Infinity", data["inf"].GetString());
        Assert.Equal("-Infinity", data["minf"].GetString());
        Assert.Equal(5e-324, data["tiny"].GetDouble());
        Assert.Equal("0.1", data["tenth"].GetRawText());
    }

    [Fact]
    public void Every_op_code_has_a_row_in_the_page_op_table()
    {
        var html = GraphPicture.ToHtml(new Value(1.0, "x"));
        foreach (var op in Enum.GetValues<OpCode>())
        {
            if (op != OpCode.Leaf)
                Assert.True(html.Contains("\n  " + op + ": {", StringComparison.Ordinal), $"ops.js has no row for OpCode.{op}: add its forward and backward, mirroring Value.Ops.cs");
        }
    }

    [Fact]
    public void Every_script_embedded_with_the_template_is_inlined()
    {
        var html = GraphPicture.ToHtml(new Value(1.0, "x"));
        var scripts = typeof(GraphPicture).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("MicroGrad.Visualization.Page.", StringComparison.Ordinal) && n.EndsWith(".js", StringComparison.Ordinal))
            .ToArray();

        Assert.True(scripts.Length >= 5, string.Join(", ", scripts));
        foreach (var name in scripts)
        {
            // Each script opens with a "// ---- file.js: …" header line.
            var file = name["MicroGrad.Visualization.Page.".Length..];
            Assert.True(html.Contains("// ---- " + file + ":", StringComparison.Ordinal), $"{file} is embedded but HtmlWriter does not inline it");
        }
        Assert.DoesNotContain("/*{{", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_root_and_null_roles_are_argument_errors()
    {
        Assert.Throws<ArgumentNullException>("root", () => GraphPicture.ToHtml(null!));
        var x = new Value(1.0, "x");
        var e = Assert.Throws<ArgumentException>(() => GraphPicture.ToHtml(x * 2, new GraphOptions { Inputs = [x, null!] }));
        Assert.Contains("Inputs", e.Message, StringComparison.Ordinal);
    }

    private static double[] Rounded(double[] xs) => [.. xs.Select(x => Math.Round(x, 2) + 0.0)];

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
