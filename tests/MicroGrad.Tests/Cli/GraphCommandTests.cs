using System.Xml.Linq;
using MicroGrad.Visualization;

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
    public void Graph_draws_the_new_functions_as_the_library_draws_the_same_graph()
    {
        var r = Cli.Run("graph", "max(x, sqrt(y)) + softplus(-x) * abs(sin(y) - cos(x))", "--set", "x=1.5,y=2",
            "--backward", "--format", "dot");

        Assert.Equal(0, r.ExitCode);
        // Oracle: the same graph built with the library's methods and drawn by GraphPicture.
        var x = new Value(1.5, "x");
        var y = new Value(2, "y");
        var root = Value.Max(x, y.Sqrt()) + (-x).Softplus() * (y.Sin() - x.Cos()).Abs();
        root.Backward();
        Assert.Equal(GraphPicture.ToDot(root, new GraphOptions { Inputs = [x, y] }), r.Out);
        Assert.Contains("label=\"max\"", r.Out, StringComparison.Ordinal);
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
    public void Html_output_to_a_file_is_the_library_page_and_says_what_it_wrote()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("micrograd-graph-").FullName, "neuron.html");
        var r = Cli.Run(["graph", .. Neuron, "--format", "html", "--out", path]);

        Assert.Equal(0, r.ExitCode);
        // Oracle: PyTorch float64, tanh(2·(−3) + 6.8813735870195432) = 0.7071067811865477 as the engine prints it.
        Assert.Equal($"wrote {path} (6 values, output 0.7071067811865477)\n", r.Out.ReplaceLineEndings("\n"));
        var x = new Value(2, "x");
        var w = new Value(-3, "w");
        var b = new Value(6.8813735870195432, "b");
        var expected = GraphPicture.ToHtml((x * w + b).Tanh(), new GraphOptions { Inputs = [x, w, b] });
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void Html_output_goes_to_standard_output_without_out_or_with_a_dash()
    {
        var absent = Cli.Run(["graph", "a + a", "--set", "a=3", "--format", "html"]);
        var dash = Cli.Run(["graph", "a + a", "--set", "a=3", "--format", "html", "--out", "-"]);

        Assert.Equal(0, absent.ExitCode);
        Assert.StartsWith("<!doctype html>", absent.Out, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", absent.Out, StringComparison.Ordinal);
        var sum = MicroGrad.Tests.Visualization.HtmlTests.GraphJson(absent.Out).GetProperty("values")[1];
        Assert.Equal("+", sum.GetProperty("symbol").GetString());
        Assert.Equal("[0,0]", sum.GetProperty("operands").GetRawText());
        Assert.Equal(absent.Out, dash.Out);
    }

    [Fact]
    public void Backward_with_the_html_page_is_a_usage_error_that_says_why()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("micrograd-graph-").FullName, "neuron.html");

        var r = Cli.Run(["graph", .. Neuron, "--backward", "--format", "html", "--out", path]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--backward goes with --format svg or dot", r.Error, StringComparison.Ordinal);
        Assert.Contains("See 'micrograd graph --help'", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.Contains("the html page opens before both passes", Cli.Run(["graph", "--help"]).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_lists_html_among_the_formats()
    {
        var r = Cli.Run(["graph", "--help"]);
        Assert.Contains("html", r.Out, StringComparison.Ordinal);
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
