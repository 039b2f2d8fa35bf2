using System.Text.Json;
using System.Xml.Linq;
using MicroGrad.Cli.Pages;
using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Tests.Cli;

public sealed class DemoCommandTests : IDisposable
{
    /// <summary>This test's folder, removed after it.</summary>
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Demo_reproduces_the_notebook_and_writes_three_pictures_and_the_page()
    {
        var folder = Path.Combine(_dir, "out");
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
        var page = File.ReadAllText(Path.Combine(folder, "demo.html"));
        Assert.StartsWith("<!doctype html>", page, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', page); // the same bytes on every platform
        Assert.DoesNotContain("://", page, StringComparison.Ordinal); // offline: no address of any kind, not even a namespace's
        foreach (var name in new[] { "loss.png", "boundary.png", "neuron.svg", "demo.html" })
            Assert.Contains($"wrote {Path.Combine(folder, name)}", r.Out, StringComparison.Ordinal);
        Assert.Equal(4, Directory.GetFiles(folder).Length); // no temporary files left behind
    }

    [Fact]
    public void Demo_html_embeds_the_runs_history_the_moons_and_a_boundary_frame_per_step()
    {
        var folder = _dir;
        Assert.Equal(0, Cli.Run("demo", "--out", folder).ExitCode);
        using var page = PageData(Path.Combine(folder, "demo.html"));
        var data = page.RootElement;

        // The same run through the library: the notebook's data, weights, loss and schedule (README's "Train a network").
        var moons = MicrogradDemo.Moons();
        var history = Train(moons, MicrogradDemo.CreateModel(), 100);
        Assert.Equal(history.Select(h => h.Loss), Doubles(data, "loss"));
        Assert.Equal(history.Select(h => h.Accuracy), Doubles(data, "accuracy"));
        Assert.Equal(history.Select(h => h.LearningRate), Doubles(data, "learningRate"));
        // micrograd demo.ipynb printed step 0 loss 0.8958441028683222 and step 99 loss 0.010978370135492717 (repr of a
        // float64): the run matches both to the last digit. Steps in between agree to rounding, not digit for digit:
        // micrograd sums in an order no engine here repeats (PublishedRunsTests holds every step to 1e-9).
        Assert.Equal("0.8958441028683222", data.GetProperty("loss")[0].GetRawText());
        Assert.Equal("0.010978370135492717", data.GetProperty("loss")[99].GetRawText());
        Assert.Equal(moons.Features.Select(p => p[0]), Doubles(data, "x"));
        Assert.Equal(moons.Features.Select(p => p[1]), Doubles(data, "y"));
        Assert.Equal(moons.Target.Select(t => t > 0 ? 1 : 0), data.GetProperty("classes").EnumerateArray().Select(c => c.GetInt32()));

        // The colours boundary.png draws with (Charts): Category10 (matplotlib's tab10: #1f77b4, #ff7f0e) for the
        // points, and at 35% over white for the cells (255 − 0.35·(255 − channel)).
        Assert.Equal(["#1f77b4", "#ff7f0e"], data.GetProperty("pointColours").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["#b1cfe5", "#ffd2ab"], data.GetProperty("cellColours").EnumerateArray().Select(c => c.GetString()));

        var boundary = data.GetProperty("boundary");
        Assert.Equal(1, boundary.GetProperty("every").GetInt32());
        Assert.Equal(Enumerable.Range(0, 100), boundary.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()));
        // Square cells, 64 along x: the notebook's moons padded by 1 span 5.184 × 3.668, 64 × 45.3 cells of 0.081, so 46
        // rows (the y range widened evenly by a third of a cell).
        var (columns, rows) = (boundary.GetProperty("columns").GetInt32(), boundary.GetProperty("rows").GetInt32());
        Assert.Equal((BoundaryFrames.Cells, 46), (columns, rows));
        var (width, height) = (boundary.GetProperty("xMax").GetDouble() - boundary.GetProperty("xMin").GetDouble(),
            boundary.GetProperty("yMax").GetDouble() - boundary.GetProperty("yMin").GetDouble());
        Assert.Equal(width / columns, height / rows, 1e-12);
        Assert.All(Frames(boundary), f => Assert.Equal((columns * rows + 7) / 8, f.Length));
    }

    [Fact]
    public void Demo_html_boundary_at_step_k_is_the_model_whose_loss_step_k_shows()
    {
        var folder = _dir;
        Assert.Equal(0, Cli.Run("demo", "--out", folder).ExitCode);
        using var page = PageData(Path.Combine(folder, "demo.html"));
        var frames = Frames(page.RootElement.GetProperty("boundary"));

        // The grid of the model after k updates (the weights step k's loss is measured with), drawn afresh.
        var moons = MicrogradDemo.Moons();
        byte[] After(int updates)
        {
            var model = MicrogradDemo.CreateModel();
            if (updates > 0)
                Train(moons, model, updates);
            return new BoundaryFrames(model, moons.Features, 1).Frames[0];
        }
        // Steps whose boundary differs from the next step's (from step 84 on, most do not change on this grid), so
        // the test tells step k's model from step k + 1's; and the last step.
        foreach (var k in new[] { 0, 1, 2, 50, 83 })
        {
            var expected = After(k);
            Assert.Equal(expected, frames[k]);
            Assert.NotEqual(After(k + 1), expected);
        }
        Assert.Equal(After(99), frames[99]);
    }

    [Fact]
    public void A_long_run_records_the_boundary_every_few_steps_and_at_the_last()
    {
        var moons = MicrogradDemo.Moons();
        var frames = new BoundaryFrames(MicrogradDemo.CreateModel(), moons.Features, 450);
        for (var k = 0; k < 450; k++)
            frames.AfterUpdate(new TrainingStep(k, 1, 0.5, 0.1));

        // At most MostFrames (200) frames, the last included: every ceil(449 / 199) = 3 steps, and the last step (449).
        Assert.Equal(3, frames.Every);
        Assert.Equal([.. Enumerable.Range(0, 150).Select(i => 3 * i), 449], frames.Steps);
        Assert.Equal(frames.Steps.Count, frames.Frames.Count);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(200, 1, 200)]      // every step fits
    [InlineData(201, 2, 101)]      // 0, 2, …, 200 (the last is a multiple)
    [InlineData(1000, 6, 168)]     // 0, 6, …, 996 and 999: ceil(999 / 199) = 6
    [InlineData(1001, 6, 168)]     // 0, 6, …, 1000 (the last is a multiple)
    [InlineData(100_000, 503, 200)]
    public void MostFrames_is_the_most_frames_a_run_records_the_last_step_included(int steps, int every, int count)
    {
        var moons = MicrogradDemo.Moons();
        var frames = new BoundaryFrames(MicrogradDemo.CreateModel(), moons.Features, steps);
        for (var k = 0; k < steps; k++)
            frames.AfterUpdate(new TrainingStep(k, 1, 0.5, 0.1));

        Assert.Equal(every, frames.Every);
        Assert.Equal(count, frames.Steps.Count);
        Assert.True(frames.Steps.Count <= BoundaryFrames.MostFrames);
        Assert.Equal(0, frames.Steps[0]);
        Assert.Equal(steps - 1, frames.Steps[^1]);
        Assert.Equal(frames.Steps.Count, frames.Frames.Count);
    }

    [Fact]
    public void Page_templates_read_from_a_CRLF_checkout_give_the_same_text()
    {
        // A Windows checkout without .gitattributes embeds the templates with \r\n: the page must not change.
        var lf = "<p>\n  a\n</p>\n";
        using var crlf = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lf.Replace("\n", "\r\n", StringComparison.Ordinal)));

        Assert.Equal(lf, DemoPage.Template(crlf));
    }

    [Fact]
    public void Demo_whose_page_cannot_be_written_writes_none_of_the_pictures()
    {
        var folder = _dir;
        // demo.html, the last file written, cannot be: a folder holds its name.
        Directory.CreateDirectory(Path.Combine(folder, "demo.html"));

        var r = Cli.Run("demo", "--steps", "1", "--out", folder);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("demo.html", r.Error, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(folder, "demo.html")], Directory.GetFileSystemEntries(folder));
    }

    /// <summary>micrograd's demo through the library as README's "Train a network" writes it: hinge loss + 1e-4·Σp², SGD
    /// at 1 − 0.9·k/100 (at least 0.1), full batch, on the default engine (as <c>train</c> and the library's users run
    /// it, so the demo shows what they get).</summary>
    internal static IReadOnlyList<TrainingStep> Train(Dataset moons, Mlp model, int steps) =>
        Trainer.Fit(new Objective(model, moons, LossKind.Hinge, 1e-4),
            new Sgd(model.Parameters(), k => Math.Max(0.1, 1.0 - 0.9 * k / 100)), new TrainingOptions { Steps = steps });

    /// <summary>The JSON in demo.html's <c>&lt;script type="application/json" id="demo-data"&gt;</c>.</summary>
    private static JsonDocument PageData(string path)
    {
        const string open = "<script type=\"application/json\" id=\"demo-data\">";
        var html = File.ReadAllText(path);
        var start = html.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, "demo.html has no data script");
        start += open.Length;
        return JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]);
    }

    private static IEnumerable<double> Doubles(JsonElement data, string name) =>
        data.GetProperty(name).EnumerateArray().Select(e => e.GetDouble());

    private static byte[][] Frames(JsonElement boundary) =>
        [.. boundary.GetProperty("frames").EnumerateArray().Select(f => f.GetBytesFromBase64())];

    [Fact]
    public void Demo_neuron_svg_is_the_lectures_tanh_neuron_after_one_backward()
    {
        var folder = _dir;
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
        var folder = _dir;
        var r = Cli.Run("demo", "--steps", "5", "--seed", "42", "--out", folder);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("(seed 42)", r.Out, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"│ 0\s+│ 0\.895844", r.Out);
        Assert.True(File.Exists(Path.Combine(folder, "boundary.png")));
        // The page holds this run: moons and weights drawn from Rng(42), in that order, as the command draws them.
        using var page = PageData(Path.Combine(folder, "demo.html"));
        var rng = new Rng(42);
        var moons = Datasets.Moons(100, 0.1, rng);
        var history = Train(moons, new Mlp(2, MicrogradDemo.LayerSizes, rng: rng), 5);
        Assert.Equal(history.Select(h => h.Loss), Doubles(page.RootElement, "loss"));
        Assert.Equal(moons.Features.Select(p => p[0]), Doubles(page.RootElement, "x"));
    }

    [Theory]
    // The same option declarations, so the same messages, as train's (CommonOptions).
    [InlineData("--steps", "0", "--steps expects a positive integer; found '0'.")]
    [InlineData("--steps", "many", "--steps expects a positive integer; found 'many'.")]
    [InlineData("--seed", "0", "--seed expects a non-zero seed (0 is a fixed point of the xorshift generator); found 0.")]
    public void Demo_rejects_bad_values_as_usage_errors(string option, string value, string message)
    {
        var r = Cli.Run("demo", option, value, "--out", _dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }
}
