using System.Xml.Linq;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Visualization;

/// <summary>The README's "Graph pictures" example, kept compiling and running.</summary>
public sealed class ReadmeExampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("micrograd-readme-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Readme_graph_example_writes_dot_and_svg()
    {
        var dotFile = Path.Combine(_directory, "neuron.dot");
        var svgFile = Path.Combine(_directory, "neuron.svg");

        // --- README ---
        var x1 = new Value(2.0, "x1"); var w1 = new Value(-3.0, "w1");
        var x2 = new Value(0.0, "x2"); var w2 = new Value(1.0, "w2");
        var b = new Value(6.8813735870195432, "b");
        var o = (x1 * w1 + x2 * w2 + b).Tanh();
        o.Label = "o";
        o.Backward();

        var options = new GraphOptions { Inputs = [x1, x2], Parameters = [w1, w2, b] };
        File.WriteAllText(dotFile, GraphPicture.ToDot(o, options));
        File.WriteAllText(svgFile, GraphPicture.ToSvg(o, options));
        // --- end ---

        // Oracle: PyTorch float64 on the lecture's neuron (x1.grad = -1.5, o = 0.7071067811865476).
        var dot = File.ReadAllText(dotFile);
        Assert.Contains("{ x1 | data 2.0000 | grad -1.5000 }", dot, StringComparison.Ordinal);
        Assert.Contains("{ o | data 0.7071 | grad 1.0000 }", dot, StringComparison.Ordinal);
        Assert.Equal("svg", XDocument.Load(svgFile).Root!.Name.LocalName);
    }
}
