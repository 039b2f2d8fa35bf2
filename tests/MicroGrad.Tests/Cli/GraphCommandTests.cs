using System.Xml.Linq;

namespace MicroGrad.Tests.Cli;

public class GraphCommandTests
{
    private static readonly string[] Neuron = ["tanh(x*w + b)", "--set", "x=2,w=-3,b=6.8813735870195432"];

    [Fact]
    public void Dot_output_after_backward_shows_the_lecture_gradients()
    {
        var r = Cli.Run(["graph", .. Neuron, "--backward", "--format", "dot"]);

        Assert.Equal(0, r.ExitCode);
        // PyTorch float64 (lecture neuron): x.grad = -1.5, w.grad = 1, b.grad = 0.5, o = 0.7071.
        Assert.Contains("{ x | data 2.0000 | grad -1.5000 }", r.Out, StringComparison.Ordinal);
        Assert.Contains("{ w | data -3.0000 | grad 1.0000 }", r.Out, StringComparison.Ordinal);
        Assert.Contains("{ b | data 6.8814 | grad 0.5000 }", r.Out, StringComparison.Ordinal);
        Assert.Contains("data 0.7071 | grad 1.0000", r.Out, StringComparison.Ordinal);
        Assert.Contains("rankdir=LR", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Dot_output_is_identical_across_runs()
    {
        var first = Cli.Run(["graph", .. Neuron, "--backward", "--format", "dot", "--rankdir", "TB"]);
        var second = Cli.Run(["graph", .. Neuron, "--backward", "--format", "dot", "--rankdir", "TB"]);
        Assert.Equal(first.Out, second.Out);
        Assert.Contains("rankdir=TB", first.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Svg_output_to_a_file_has_one_node_per_value()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("micrograd-graph-").FullName, "neuron.svg");
        var r = Cli.Run(["graph", .. Neuron, "--out", path]);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("6 values", r.Out, StringComparison.Ordinal); // x, w, x*w, b, x*w+b, tanh
        var values = XDocument.Load(path).Descendants().Count(e => (string?)e.Attribute("class") == "node value");
        Assert.Equal(6, values);
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error()
    {
        var r = Cli.Run(["graph", .. Neuron, "--format", "png"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("See 'micrograd graph --help'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_output_folder_is_an_input_error_and_writes_nothing()
    {
        var r = Cli.Run(["graph", .. Neuron, "--out", "/nonexistent-folder/g.svg"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/nonexistent-folder", r.Error, StringComparison.Ordinal);
    }
}
