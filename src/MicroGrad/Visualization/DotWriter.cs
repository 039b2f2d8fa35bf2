using System.Globalization;
using System.Text;

namespace MicroGrad.Visualization;

/// <summary>Writes a <see cref="GraphModel"/> as Graphviz DOT in the style of micrograd's <c>draw_dot</c>.</summary>
/// <remarks>Ids are <c>v{i}</c> for value i and <c>op{i}</c> for the op that produced it, i being the position in the
/// topological order; lines end with <c>\n</c> on every platform, so the text depends on the graph alone.</remarks>
internal static class DotWriter
{
    public static string Write(GraphModel graph, RankDirection direction)
    {
        var sb = new StringBuilder(128 + 160 * graph.Count);
        sb.Append("digraph {\n");
        sb.Append("  graph [rankdir=").Append(direction == RankDirection.TopToBottom ? "TB" : "LR").Append("];\n");
        sb.Append("  node [fontname=\"monospace\", fontsize=12];\n");
        for (var i = 0; i < graph.Count; i++)
        {
            var v = graph.Values[i];
            sb.Append("  v").Append(Id(i)).Append(" [label=\"{ ")
                .Append(GraphText.EscapeRecordField(GraphText.Label(v)))
                .Append(" | ").Append(GraphText.Data(v))
                .Append(" | ").Append(GraphText.Grad(v))
                .Append(" }\", shape=record, style=filled, fillcolor=\"")
                .Append(GraphPicture.FillColor(graph.Roles[i])).Append("\"];\n");
            if (graph.IsLeaf(i))
                continue;
            sb.Append("  op").Append(Id(i)).Append(" [label=\"").Append(GraphText.EscapeDotString(v.Op))
                .Append("\", shape=ellipse, width=0.3, height=0.3, fontsize=10];\n");
            for (var k = graph.OperandStart[i]; k < graph.OperandStart[i + 1]; k++)
                sb.Append("  v").Append(Id(graph.Operands[k])).Append(" -> op").Append(Id(i)).Append(";\n");
            sb.Append("  op").Append(Id(i)).Append(" -> v").Append(Id(i)).Append(";\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Id(int i) => i.ToString(CultureInfo.InvariantCulture);
}
