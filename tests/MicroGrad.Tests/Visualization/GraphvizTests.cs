using System.Xml.Linq;
using MicroGrad.Visualization;

namespace MicroGrad.Tests.Visualization;

/// <summary>The Graphviz path of <see cref="GraphPicture.ToSvg"/>, with stand-in <c>dot</c> scripts (Graphviz itself is
/// not installed on the CI machine): what reaches dot's input, and the fall-back to the built-in layout.</summary>
public sealed class GraphvizTests : IDisposable
{
    private const string FakeSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- from the stand-in dot --></svg>";
    private readonly string _directory = Directory.CreateTempSubdirectory("micrograd-graphviz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Svg_comes_from_dot_fed_with_the_dot_text_when_dot_succeeds()
    {
        var received = Path.Combine(_directory, "received.dot");
        var dot = Script("ok", $"[ \"$1\" = \"-Tsvg\" ] || exit 3\ncat > '{received}'\nprintf '%s' '{FakeSvg}'");
        var (o, _, _) = Graphs.Neuron();

        var svg = GraphPicture.ToSvg(o, new GraphOptions { GraphvizPath = dot });

        Assert.Equal(FakeSvg, svg);
        Assert.Equal(GraphPicture.ToDot(o), File.ReadAllText(received));
    }

    [Fact]
    public void A_failing_dot_falls_back_to_the_built_in_layout()
    {
        var dot = Script("fail", "cat > /dev/null\necho 'Error: syntax error' >&2\nexit 1");
        AssertBuiltIn(GraphPicture.ToSvg(Graphs.Neuron().O, new GraphOptions { GraphvizPath = dot }));
    }

    [Fact]
    public void A_dot_that_writes_no_svg_falls_back_to_the_built_in_layout()
    {
        var dot = Script("empty", "cat > /dev/null\necho 'not an svg'");
        AssertBuiltIn(GraphPicture.ToSvg(Graphs.Neuron().O, new GraphOptions { GraphvizPath = dot }));
    }

    [Fact]
    public void A_dot_past_its_timeout_is_killed_and_the_built_in_layout_is_used()
    {
        // A slow dot that would succeed: only the kill at the timeout (0.2 s, well before the 3 s sleep ends) keeps its
        // SVG out, so a missed or late kill returns the stand-in's SVG and fails the test (within 3 s).
        var dot = Script("slow", $"cat > /dev/null\nsleep 3\nprintf '%s' '{FakeSvg}'");
        var options = new GraphOptions { GraphvizPath = dot, GraphvizTimeout = TimeSpan.FromMilliseconds(200) };
        AssertBuiltIn(GraphPicture.ToSvg(Graphs.Neuron().O, options));
    }

    [Fact]
    public void A_missing_dot_falls_back_to_the_built_in_layout()
    {
        var options = new GraphOptions { GraphvizPath = Path.Combine(_directory, "no-such-dot") };
        AssertBuiltIn(GraphPicture.ToSvg(Graphs.Neuron().O, options));
    }

    [Fact]
    public void The_built_in_renderer_never_runs_dot()
    {
        var dot = Script("ok", $"cat > /dev/null\nprintf '%s' '{FakeSvg}'");
        var options = new GraphOptions { GraphvizPath = dot, Renderer = SvgRenderer.BuiltIn };
        AssertBuiltIn(GraphPicture.ToSvg(Graphs.Neuron().O, options));
    }

    private static void AssertBuiltIn(string svg)
    {
        var doc = XDocument.Parse(svg);
        // The lecture neuron has 10 values (x1, w1, x2, w2, b and the 5 results) and 5 ops.
        Assert.Equal(10, SvgTests.Groups(doc, "node value").Count());
        Assert.Equal(5, SvgTests.Groups(doc, "node op").Count());
    }

    private string Script(string name, string body)
    {
        // A test that needs a shell must fail, not pass, where there is none.
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The stand-in dot scripts need a POSIX shell.");
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
