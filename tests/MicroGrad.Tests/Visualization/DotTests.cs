using System.Text;
using System.Text.RegularExpressions;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Visualization;

public partial class DotTests
{
    [GeneratedRegex("^  v\\d+ \\[label=\"(?<label>(?:[^\"\\\\]|\\\\.)*)\", shape=record", RegexOptions.Multiline)]
    private static partial Regex RecordLine();

    [GeneratedRegex("^  op\\d+ \\[.*shape=ellipse", RegexOptions.Multiline)]
    private static partial Regex OpLine();

    [GeneratedRegex("^  (?:v|op)\\d+ -> (?:v|op)\\d+;$", RegexOptions.Multiline)]
    private static partial Regex EdgeLine();

    [Fact]
    public void Lecture_neuron_shows_the_pytorch_data_and_gradients()
    {
        var (o, _, _) = Graphs.Neuron();
        var dot = GraphPicture.ToDot(o);

        // Oracle: PyTorch float64 on the lecture's neuron (o = 0.7071067811865476, x1.grad = -1.5, w1.grad = 1,
        // x2.grad = 0.5, w2.grad = 0, b.grad = 1 - o² = 0.5), printed with micrograd's "%.4f".
        Assert.Contains("\"{ x1 | data 2.0000 | grad -1.5000 }\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"{ w1 | data -3.0000 | grad 1.0000 }\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"{ x2 | data 0.0000 | grad 0.5000 }\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"{ w2 | data 1.0000 | grad 0.0000 }\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"{ b | data 6.8814 | grad 0.5000 }\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"{ o | data 0.7071 | grad 1.0000 }\"", dot, StringComparison.Ordinal);
        // Hand calculation: n = 2·(-3) + 0·1 + 6.8813735870195432 = 0.8813735870195432.
        Assert.Contains("\"{ n | data 0.8814 | grad 0.5000 }\"", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_is_byte_identical_for_two_builds_of_the_same_program()
    {
        var first = GraphPicture.ToDot(Graphs.Neuron().O);
        var second = GraphPicture.ToDot(Graphs.Neuron().O);
        Assert.Equal(first, second);

        var bigFirst = GraphPicture.ToDot(Graphs.Random(7, 300), new GraphOptions { RankDirection = RankDirection.TopToBottom });
        var bigSecond = GraphPicture.ToDot(Graphs.Random(7, 300), new GraphOptions { RankDirection = RankDirection.TopToBottom });
        Assert.Equal(Encoding.UTF8.GetBytes(bigFirst), Encoding.UTF8.GetBytes(bigSecond));
    }

    [Fact]
    public void Dot_of_a_sum_is_micrograds_draw_dot()
    {
        var a = new Value(2.0, "a");
        var b = new Value(-3.0, "b");
        var c = a + b;
        c.Label = "c";
        c.Backward();

        // Hand-written from micrograd's draw_dot: a record per value, an op node '+' with edges a, b -> op -> c
        // (c = -1, dc/da = dc/db = 1), ids in topological order.
        var expected =
            "digraph {\n" +
            "  graph [rankdir=LR];\n" +
            "  node [fontname=\"monospace\", fontsize=12];\n" +
            "  v0 [label=\"{ a | data 2.0000 | grad 1.0000 }\", shape=record, style=filled, fillcolor=\"#ffffe0\"];\n" +
            "  v1 [label=\"{ b | data -3.0000 | grad 1.0000 }\", shape=record, style=filled, fillcolor=\"#ffffe0\"];\n" +
            "  v2 [label=\"{ c | data -1.0000 | grad 1.0000 }\", shape=record, style=filled, fillcolor=\"#ffa07a\"];\n" +
            "  op2 [label=\"+\", shape=ellipse, width=0.3, height=0.3, fontsize=10];\n" +
            "  v0 -> op2;\n" +
            "  v1 -> op2;\n" +
            "  op2 -> v2;\n" +
            "}\n";
        Assert.Equal(expected, GraphPicture.ToDot(c));
    }

    [Theory]
    [InlineData(1UL, 10)]
    [InlineData(2UL, 100)]
    [InlineData(3UL, 500)]
    public void Dot_has_one_record_per_value_one_op_node_per_non_leaf_and_every_edge(ulong seed, int size)
    {
        var root = Graphs.Random(seed, size);
        var order = root.TopologicalOrder();
        var nonLeaves = 0;
        var operands = 0;
        foreach (var v in order)
        {
            if (!v.IsLeaf)
                nonLeaves++;
            operands += v.Children.Count;
        }

        var dot = GraphPicture.ToDot(root);

        Assert.Equal(order.Count, RecordLine().Count(dot));
        Assert.Equal(nonLeaves, OpLine().Count(dot));
        // Each operand enters its op node, and each op node enters its result.
        Assert.Equal(operands + nonLeaves, EdgeLine().Count(dot));
    }

    [Fact]
    public void Graph_direction_is_left_to_right_by_default_and_top_to_bottom_on_request()
    {
        var root = Graphs.Chain(3);
        Assert.Contains("graph [rankdir=LR];", GraphPicture.ToDot(root), StringComparison.Ordinal);
        var tb = GraphPicture.ToDot(root, new GraphOptions { RankDirection = RankDirection.TopToBottom });
        Assert.Contains("graph [rankdir=TB];", tb, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_specials_quotes_and_backslashes_in_labels_are_escaped()
    {
        const string label = "a{b}|c<d>\"e\\f";
        var x = new Value(1.0, label);
        var y = x.Tanh();

        var dot = GraphPicture.ToDot(y);

        // Hand-escaped: DOT records take \{ \} \| \< \> \\ and the quoted string takes \".
        Assert.Contains("\"{ a\\{b\\}\\|c\\<d\\>\\\"e\\\\f | data 1.0000 |", dot, StringComparison.Ordinal);
        var match = Assert.Single(RecordLine().Matches(dot), m => m.Groups["label"].Value.Contains("data 1.0000", StringComparison.Ordinal));
        // Reading the record back as Graphviz does (a backslash keeps the next character) gives three fields,
        // the first of which is the label.
        var fields = SplitRecord(match.Groups["label"].Value);
        Assert.Equal(3, fields.Count);
        Assert.Equal(label, fields[0]);
    }

    [Fact]
    public void Line_breaks_and_control_characters_in_labels_stay_inside_the_record()
    {
        var x = new Value(1.0, "two\nlines\u0001");
        var dot = GraphPicture.ToDot(x.Exp());
        Assert.Contains("\"{ two\\nlines  | data 1.0000 |", dot, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_get_their_own_colours()
    {
        var x = new Value(1.0, "x");
        var w = new Value(2.0, "w");
        var both = new Value(3.0, "both");
        var other = new Value(4.0, "other");
        var hidden = x * w + both;
        var y = (hidden * 0.5 + other).Tanh();
        var dot = GraphPicture.ToDot(y, new GraphOptions { Inputs = [x, both], Parameters = [w, both] });

        string Fill(string record) => Regex.Match(dot, Regex.Escape(record) + ".*fillcolor=\"(#[0-9a-f]{6})\"").Groups[1].Value;

        Assert.Equal(GraphPicture.FillColor(NodeRole.Input), Fill("{ x |"));
        Assert.Equal(GraphPicture.FillColor(NodeRole.Parameter), Fill("{ w |"));
        // A leaf listed both as input and as parameter is drawn as an input.
        Assert.Equal(GraphPicture.FillColor(NodeRole.Input), Fill("{ both |"));
        Assert.Equal(GraphPicture.FillColor(NodeRole.Leaf), Fill("{ other |"));
        Assert.Equal(GraphPicture.FillColor(NodeRole.Constant), Fill("{  | data 0.5000 | grad"));
        Assert.Equal(GraphPicture.FillColor(NodeRole.Interior), Fill("{  | data 5.0000 | grad"));
        // tanh(6.5) prints as 1.0000 (hand calculation: 1 - tanh(6.5) ≈ 4.5e-6).
        Assert.Equal(GraphPicture.FillColor(NodeRole.Output), Fill("{  | data 1.0000"));
        var colours = new HashSet<string>();
        foreach (var role in Enum.GetValues<NodeRole>())
            Assert.True(colours.Add(GraphPicture.FillColor(role)), $"{role} shares its colour with another role");
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        Assert.Throws<ArgumentNullException>("root", () => GraphPicture.ToDot(null!));
        var x = new Value(1.0, "x");
        var e = Assert.Throws<ArgumentException>(() => GraphPicture.ToDot(x, new GraphOptions { Parameters = [x, null!] }));
        Assert.Contains("Parameters", e.Message, StringComparison.Ordinal);
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => GraphPicture.FillColor((NodeRole)42));
    }

    /// <summary>Splits a DOT record label "{ a | b | c }" into its fields, undoing the escapes as Graphviz does:
    /// <c>\"</c> is the quoted string's escape, and in a record a backslash makes the next character literal.</summary>
    private static List<string> SplitRecord(string quoted)
    {
        var text = quoted.Trim();
        Assert.StartsWith("{", text, StringComparison.Ordinal);
        Assert.EndsWith("}", text, StringComparison.Ordinal);
        var fields = new List<string>();
        var current = new StringBuilder();
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] == '\\')
                current.Append(text[++i]);
            else if (text[i] == '|')
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
                current.Append(text[i]);
        }
        fields.Add(current.ToString().Trim());
        return fields;
    }
}
