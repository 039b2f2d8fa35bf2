using System.Xml.Linq;

namespace MicroGrad.Tests.Cli;

public class DemoCommandTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Demo_reproduces_the_notebook_and_writes_three_pictures()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("micrograd-demo-").FullName, "out");
        var r = Cli.Run("demo", "--out", folder);

        Assert.Equal(0, r.ExitCode);
        // micrograd demo.ipynb printed: step 0 loss 0.8958441028683222 accuracy 50.0%,
        // step 99 loss 0.010978370135492717 accuracy 100.0% (shown here to 6 decimals).
        Assert.Matches(@"│ 0\s+│ 0\.895844 │ 50\.0%", r.Out);
        Assert.Matches(@"│ 99\s+│ 0\.010978 │ 100\.0%", r.Out);
        foreach (var png in new[] { "loss.png", "boundary.png" })
            Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(folder, png))[..8]);
        // The lecture's neuron: 2 inputs, 2 weights, the bias, 2 products, 2 sums and the tanh = 10 values.
        var svg = XDocument.Load(Path.Combine(folder, "neuron.svg"));
        var values = svg.Descendants().Count(e => (string?)e.Attribute("class") == "node value");
        Assert.Equal(10, values);
        Assert.Equal(3, Directory.GetFiles(folder).Length); // no temporary files left behind
    }

    [Fact]
    public void Demo_neuron_svg_is_the_lectures_tanh_neuron_after_one_backward()
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-demo-").FullName;
        Assert.Equal(0, Cli.Run("demo", "--steps", "1", "--out", folder).ExitCode);
        var texts = Texts(Path.Combine(folder, "neuron.svg"));
        var text = string.Join("\n", texts);

        // Oracle: micrograd's lecture / PyTorch float64: o = tanh(0.8814) = 0.7071; x1.grad = -1.5, w1.grad = 1.0,
        // x2.grad = 0.5, w2.grad = 0, b.grad = 0.5 (micrograd's "%.4f").
        Assert.Contains("data 0.7071", text, StringComparison.Ordinal);
        Assert.Contains("tanh", text, StringComparison.Ordinal);
        Assert.DoesNotContain("relu", text, StringComparison.OrdinalIgnoreCase);
        foreach (var grad in new[] { "grad -1.5000", "grad 1.0000", "grad 0.5000", "grad 0.0000" })
            Assert.Contains(grad, text, StringComparison.Ordinal);
        // The same values and gradients as the graph command draws for the lecture's expression (README says so).
        var graph = Path.Combine(folder, "graph.svg");
        Assert.Equal(0, Cli.Run("graph", "tanh(x1*w1 + x2*w2 + b)", "--set", "x1=2,x2=0,w1=-3,w2=1,b=6.8813735870195432",
            "--backward", "--out", graph).ExitCode);
        Assert.Equal(DataAndGrads(Texts(graph)), DataAndGrads(texts));
    }

    private static string[] Texts(string svgPath) =>
        [.. XDocument.Load(svgPath).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value)];

    private static string[] DataAndGrads(string[] texts) =>
        [.. texts.Where(t => t.StartsWith("data ", StringComparison.Ordinal) || t.StartsWith("grad ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Demo_with_a_seed_trains_on_fresh_moons()
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-demo-").FullName;
        var r = Cli.Run("demo", "--steps", "5", "--seed", "42", "--out", folder);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("(seed 42)", r.Out, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"│ 0\s+│ 0\.895844", r.Out);
        Assert.True(File.Exists(Path.Combine(folder, "boundary.png")));
    }

    [Theory]
    // The same option declarations, so the same messages, as train's (CommonOptions).
    [InlineData("--steps", "0", "--steps expects a positive integer; found '0'.")]
    [InlineData("--steps", "many", "--steps expects a positive integer; found 'many'.")]
    [InlineData("--seed", "0", "--seed expects a non-zero seed (0 is a fixed point of the xorshift generator); found 0.")]
    public void Demo_rejects_bad_values_as_usage_errors(string option, string value, string message)
    {
        var r = Cli.Run("demo", option, value, "--out", Directory.CreateTempSubdirectory("micrograd-demo-").FullName);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }
}
