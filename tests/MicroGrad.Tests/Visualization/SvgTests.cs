using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Visualization;

public class SvgTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly GraphOptions s_builtIn = new() { Renderer = SvgRenderer.BuiltIn };
    private static readonly GraphOptions s_builtInTopToBottom = new() { Renderer = SvgRenderer.BuiltIn, RankDirection = RankDirection.TopToBottom };

    internal readonly record struct Box(string Id, double X, double Y, double Width, double Height)
    {
        public double Right => X + Width;
        public double Bottom => Y + Height;
    }

    [Fact]
    public void Svg_parses_as_xml_with_one_value_node_per_value_and_one_op_node_per_op()
    {
        var root = Graphs.Random(11, 200);
        var order = root.TopologicalOrder();
        var nonLeaves = 0;
        var edges = 0;
        foreach (var v in order)
        {
            if (!v.IsLeaf)
                nonLeaves += 1;
            edges += v.IsLeaf ? 0 : v.Children.Count + 1;
        }

        var svg = XDocument.Parse(GraphPicture.ToSvg(root, s_builtIn));

        Assert.Equal(s_svg + "svg", svg.Root!.Name);
        Assert.Equal(order.Count, Groups(svg, "node value").Count());
        Assert.Equal(nonLeaves, Groups(svg, "node op").Count());
        Assert.Equal(edges, svg.Descendants(s_svg + "polyline").Count());
    }

    [Fact]
    public void Lecture_neuron_svg_shows_the_pytorch_data_and_gradients()
    {
        var (o, inputs, parameters) = Graphs.Neuron();
        var svg = XDocument.Parse(GraphPicture.ToSvg(o, new GraphOptions { Renderer = SvgRenderer.BuiltIn, Inputs = inputs, Parameters = parameters }));

        var x1 = Assert.Single(Groups(svg, "node value"), g => g.Element(s_svg + "title")!.Value == "x1");
        var texts = x1.Elements(s_svg + "text").Select(t => t.Value).ToArray();
        // Oracle: PyTorch float64 (x1.data = 2, x1.grad = -1.5), in micrograd's "%.4f".
        Assert.Equal(["x1", "data 2.0000", "grad -1.5000"], texts);
        Assert.Equal(GraphPicture.FillColor(NodeRole.Input), x1.Element(s_svg + "rect")!.Attribute("fill")!.Value);
        var w1 = Assert.Single(Groups(svg, "node value"), g => g.Element(s_svg + "title")!.Value == "w1");
        Assert.Equal(GraphPicture.FillColor(NodeRole.Parameter), w1.Element(s_svg + "rect")!.Attribute("fill")!.Value);
        var ops = Groups(svg, "node op").Select(g => g.Element(s_svg + "text")!.Value).ToArray();
        Assert.Equal(["*", "*", "+", "+", "tanh"], ops.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_op_is_drawn_with_its_symbol_without_overlaps()
    {
        var root = Graphs.EveryOp();
        var order = root.TopologicalOrder();
        Assert.Equal(Enum.GetValues<OpCode>().Length, order.Select(v => v.Code).Distinct().Count());

        foreach (var options in new[] { s_builtIn, s_builtInTopToBottom })
        {
            var svg = XDocument.Parse(GraphPicture.ToSvg(root, options));
            // Each op's ellipse carries micrograd's symbol (Value.Op: "max", "softplus", "**3", ...), one per op node.
            var ops = Groups(svg, "node op").Select(g => g.Element(s_svg + "text")!.Value).Order(StringComparer.Ordinal);
            Assert.Equal(order.Where(v => !v.IsLeaf).Select(v => v.Op).Order(StringComparer.Ordinal), ops);
            AssertNoOverlap(svg, order.Count);
        }
    }

    [Theory]
    [InlineData(1UL, 10)]
    [InlineData(2UL, 30)]
    [InlineData(3UL, 100)]
    [InlineData(4UL, 250)]
    [InlineData(5UL, 500)]
    public void Built_in_layout_has_no_overlapping_boxes_on_random_graphs(ulong seed, int size)
    {
        var root = Graphs.Random(seed, size);
        AssertNoOverlap(XDocument.Parse(GraphPicture.ToSvg(root, s_builtIn)), root.TopologicalOrder().Count);
        AssertNoOverlap(XDocument.Parse(GraphPicture.ToSvg(root, s_builtInTopToBottom)), root.TopologicalOrder().Count);
    }

    [Theory]
    [InlineData(21UL, 40)]
    [InlineData(22UL, 300)]
    public void Built_in_edges_never_cross_a_node(ulong seed, int size)
    {
        var root = Graphs.Random(seed, size);
        foreach (var options in new[] { s_builtIn, s_builtInTopToBottom })
        {
            var svg = XDocument.Parse(GraphPicture.ToSvg(root, options));
            var boxes = AllBoxes(svg);
            // Every (segment, box) pair is checked, but a box can only meet a segment whose x-range its own meets:
            // sorted by left edge, the candidates start at the first box whose left edge is within the widest box's
            // width of the segment's left end, and stop past its right end.
            boxes.Sort((a, b) => a.X.CompareTo(b.X));
            var lefts = boxes.Select(b => b.X).ToArray();
            var widest = boxes.Max(b => b.Width);
            foreach (var edge in svg.Descendants(s_svg + "polyline"))
            {
                var p = edge.Attribute("points")!.Value.Split(' ')
                    .Select(xy => xy.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToArray();
                for (var k = 1; k < p.Length; k++)
                {
                    var (x0, y0, x1, y1) = (p[k - 1][0], p[k - 1][1], p[k][0], p[k][1]);
                    var from = Math.Min(x0, x1) - widest;
                    var first = Array.BinarySearch(lefts, from);
                    first = first < 0 ? ~first : first;
                    while (first > 0 && lefts[first - 1] >= from)
                        first--; // BinarySearch finds any of equal keys
                    for (var i = first; i < boxes.Count && boxes[i].X <= Math.Max(x0, x1); i++)
                    {
                        // Edges start and end on borders; a box's interior (shrunk by the 0.01 rounding of
                        // the coordinates) must stay clear. The message is built only for a failure.
                        if (SegmentEntersBox(x0, y0, x1, y1, boxes[i], 0.02))
                            Assert.Fail($"edge segment ({x0},{y0})-({x1},{y1}) crosses {boxes[i]}");
                    }
                }
            }
        }
    }

    [Fact]
    public void The_edge_check_sees_a_segment_through_a_box_and_not_one_along_its_border()
    {
        // Hand geometry: the box [10, 20] × [10, 20] (interior shrunk by 0.02).
        var box = new Box("b", 10, 10, 10, 10);
        Assert.True(SegmentEntersBox(0, 15, 30, 15, box, 0.02));     // straight through
        Assert.True(SegmentEntersBox(15, 0, 15, 12, box, 0.02));     // ends inside
        Assert.False(SegmentEntersBox(0, 10, 30, 10, box, 0.02));    // along the top border
        Assert.False(SegmentEntersBox(0, 0, 9, 30, box, 0.02));      // passes left of it
    }

    [Fact]
    public void Built_in_layout_has_no_overlapping_boxes_on_a_200_deep_chain()
    {
        var root = Graphs.Chain(200);
        AssertNoOverlap(XDocument.Parse(GraphPicture.ToSvg(root, s_builtIn)), root.TopologicalOrder().Count);
        AssertNoOverlap(XDocument.Parse(GraphPicture.ToSvg(root, s_builtInTopToBottom)), root.TopologicalOrder().Count);
    }

    [Fact]
    public void Built_in_layout_draws_a_5000_op_chain_on_a_128_KB_stack_without_recursion()
    {
        // A recursion over the chain's 5,001 levels takes 5,001 frames of at least 32 bytes (the smallest x64 frame,
        // measured with RuntimeHelpers.TryEnsureSufficientExecutionStack): over 128 KB, so on a 128 KB thread it
        // overflows. (A test thread's 8 MB would hold a recursion over 10,000 levels even with 800-byte frames.)
        var root = Graphs.Chain(5_000);
        string? text = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            // An exception escaping a raw thread would end the test host instead of failing this test.
            try
            {
                text = GraphPicture.ToSvg(root, s_builtIn);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 128 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);

        // 6 MB of SVG: read it as a stream (which still rejects malformed XML) rather than build a DOM of it.
        using var reader = XmlReader.Create(new StringReader(text!));
        var values = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "g" && reader.GetAttribute("class") == "node value")
                values++;
        }
        Assert.Equal(root.TopologicalOrder().Count, values);
    }

    [Fact]
    public void Built_in_layout_handles_a_few_thousand_nodes_without_overlap()
    {
        var root = Graphs.Random(99, 3000);
        AssertNoOverlap(XDocument.Parse(GraphPicture.ToSvg(root, s_builtIn)), root.TopologicalOrder().Count);
    }

    [Fact]
    public void Left_to_right_puts_the_output_right_of_the_input_and_top_to_bottom_below_it()
    {
        // A pure chain x -> tanh -> tanh -> tanh: one node per layer, so each picture is a straight line.
        var root = new Value(0.5, "x").Tanh().Tanh().Tanh();

        var lr = ValueBoxes(XDocument.Parse(GraphPicture.ToSvg(root, s_builtIn)));
        var tb = ValueBoxes(XDocument.Parse(GraphPicture.ToSvg(root, s_builtInTopToBottom)));

        // Value ids follow the topological order: v0 is the input x, the last one is the output.
        var (lrIn, lrOut) = (lr[0], lr[^1]);
        var (tbIn, tbOut) = (tb[0], tb[^1]);
        Assert.True(lrOut.X > lrIn.Right, $"LR: output at x={lrOut.X} should be right of the input ending at {lrIn.Right}");
        Assert.Equal(lrIn.Y + lrIn.Height / 2, lrOut.Y + lrOut.Height / 2, 6);
        Assert.True(tbOut.Y > tbIn.Bottom, $"TB: output at y={tbOut.Y} should be below the input ending at {tbIn.Bottom}");
        Assert.Equal(tbIn.X + tbIn.Width / 2, tbOut.X + tbOut.Width / 2, 6);
        // Records lie along the flow: three fields side by side in LR, stacked in TB (as Graphviz flips them).
        Assert.True(lrIn.Width > lrIn.Height && tbIn.Height > lrIn.Height);
    }

    [Fact]
    public void Labels_with_xml_specials_and_control_characters_give_valid_xml()
    {
        const string label = "<&>\"' {a|b} \\";
        var x = new Value(1.0, label);
        var bad = new Value(2.0, "bell\u0007");
        var y = (x * bad).Tanh();

        var svg = XDocument.Parse(GraphPicture.ToSvg(y, s_builtIn));

        var titles = Groups(svg, "node value").Select(g => g.Element(s_svg + "title")!.Value).ToList();
        Assert.Contains(label, titles);
        // XML 1.0 cannot hold U+0007; it is replaced by U+FFFD.
        Assert.Contains("bell\uFFFD", titles);
        var texts = svg.Descendants(s_svg + "text").Select(t => t.Value).ToList();
        Assert.Contains(label, texts);
    }

    [Fact]
    public void Svg_text_is_identical_for_two_builds_of_the_same_program()
    {
        Assert.Equal(GraphPicture.ToSvg(Graphs.Random(5, 120), s_builtIn), GraphPicture.ToSvg(Graphs.Random(5, 120), s_builtIn));
    }

    [Fact]
    public void A_lone_leaf_is_one_output_record_with_no_op_and_no_edge()
    {
        var svg = XDocument.Parse(GraphPicture.ToSvg(new Value(3.0, "x"), s_builtIn));

        var value = Assert.Single(Groups(svg, "node value"));
        Assert.Equal(GraphPicture.FillColor(NodeRole.Output), value.Element(s_svg + "rect")!.Attribute("fill")!.Value);
        Assert.Empty(Groups(svg, "node op"));
        Assert.Empty(svg.Descendants(s_svg + "polyline"));
    }

    [Fact]
    public void Shared_operands_and_squares_draw_one_edge_per_operand()
    {
        // x*x has two operand edges from x, and x.Pow(2) one; micrograd names the op "**2".
        var x = new Value(3.0, "x");
        var y = x * x + x.Pow(2);
        var svg = XDocument.Parse(GraphPicture.ToSvg(y, s_builtIn));

        Assert.Equal(4, Groups(svg, "node value").Count()); // x, x*x, x², y
        Assert.Equal(["*", "**2", "+"], Groups(svg, "node op").Select(g => g.Element(s_svg + "text")!.Value).Order(StringComparer.Ordinal));
        // Edges: x -> * twice, * -> x*x, x -> **2, **2 -> x², x*x -> +, x² -> +, + -> y.
        Assert.Equal(8, svg.Descendants(s_svg + "polyline").Count());
    }

    [Fact]
    public void A_non_positive_graphviz_timeout_is_rejected()
    {
        var options = new GraphOptions { GraphvizTimeout = TimeSpan.Zero };
        Assert.Throws<ArgumentOutOfRangeException>(() => GraphPicture.ToSvg(new Value(1.0), options));
    }

    internal static IEnumerable<XElement> Groups(XDocument svg, string cssClass) =>
        svg.Descendants(s_svg + "g").Where(g => (string?)g.Attribute("class") == cssClass);

    private static double Attr(XElement e, string name) =>
        double.Parse(e.Attribute(name)!.Value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static List<Box> ValueBoxes(XDocument svg) =>
        Groups(svg, "node value").Select(g =>
        {
            var r = g.Element(s_svg + "rect")!;
            return new Box(g.Attribute("id")!.Value, Attr(r, "x"), Attr(r, "y"), Attr(r, "width"), Attr(r, "height"));
        }).ToList();

    private static List<Box> AllBoxes(XDocument svg)
    {
        var boxes = ValueBoxes(svg);
        foreach (var g in Groups(svg, "node op"))
        {
            var e = g.Element(s_svg + "ellipse")!;
            var (cx, cy, rx, ry) = (Attr(e, "cx"), Attr(e, "cy"), Attr(e, "rx"), Attr(e, "ry"));
            boxes.Add(new Box(g.Attribute("id")!.Value, cx - rx, cy - ry, 2 * rx, 2 * ry));
        }
        return boxes;
    }

    /// <summary>Whether the segment (x0, y0)-(x1, y1) meets the open interior of <paramref name="b"/> shrunk by
    /// <paramref name="inset"/> (Liang–Barsky clipping).</summary>
    private static bool SegmentEntersBox(double x0, double y0, double x1, double y1, Box b, double inset)
    {
        var (left, right, top, bottom) = (b.X + inset, b.Right - inset, b.Y + inset, b.Bottom - inset);
        var (dx, dy) = (x1 - x0, y1 - y0);
        double t0 = 0, t1 = 1;
        return Clip(-dx, x0 - left, ref t0, ref t1) && Clip(dx, right - x0, ref t0, ref t1)
            && Clip(-dy, y0 - top, ref t0, ref t1) && Clip(dy, bottom - y0, ref t0, ref t1);

        // One of the four boundaries: narrows [t0, t1] to the part of the segment inside it; false when none is left.
        static bool Clip(double p, double q, ref double t0, ref double t1)
        {
            if (p == 0)
                return q > 0;
            var t = q / p;
            if (p < 0)
                t0 = Math.Max(t0, t);
            else
                t1 = Math.Min(t1, t);
            return t0 < t1;
        }
    }

    /// <summary>Every value record and op ellipse (by its bounding box) is disjoint from every other one, and inside
    /// the picture; boxes may touch but not share area.</summary>
    private static void AssertNoOverlap(XDocument svg, int valueCount)
    {
        Assert.Equal(valueCount, Groups(svg, "node value").Count());
        var boxes = AllBoxes(svg);
        var width = Attr(svg.Root!, "width");
        var height = Attr(svg.Root!, "height");
        foreach (var b in boxes)
        {
            if (!(b.X >= 0 && b.Y >= 0 && b.Right <= width && b.Bottom <= height))
                Assert.Fail($"{b} lies outside the {width}x{height} picture");
        }

        // Sweep along x: only boxes whose x-ranges meet can overlap.
        boxes.Sort((a, b) => a.X.CompareTo(b.X));
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count && boxes[j].X < boxes[i].Right; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                if (a.Y < b.Bottom && b.Y < a.Bottom)
                    Assert.Fail($"{a} overlaps {b}");
            }
        }
    }
}
