using System.Text.Json;
using MicroGrad.NN;

namespace MicroGrad.Tests.Cli;

/// <summary>Every file option writes through FIFOs and devices and follows symlinks, never replacing them; <c>-</c>
/// is standard output (issue 15, item 5).</summary>
public sealed class OutputTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-targets-").FullName;
    private readonly string _data;
    private readonly string _model;

    public OutputTargetTests()
    {
        _data = CsvFixtures.Linear(_dir);
        _model = Path.Combine(_dir, "trained.json");
        Assert.Equal(0, Cli.Run(Train("--save", _model)).ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Each option that names an output file, as the arguments that write to a given path.</summary>
    private (string Option, Func<string, string[]> Args)[] Writers =>
    [
        ("graph --out", p => ["graph", "x*2", "--set", "x=1", "--out", p]),
        ("predict --output", p => ["predict", "--model", _model, "--data", _data, "--output", p]),
        ("train --save", p => Train("--save", p)),
        ("train --log-json", p => Train("--log-json", p)),
        ("regress --save", p => ["regress", "--data", TestData.PathOf("longley.csv"), "--target", "TOTEMP", "--save", p]),
    ];

    [UnixFact]
    public void Every_output_option_writes_through_a_fifo_and_leaves_it_a_fifo()
    {
        foreach (var (option, args) in Writers)
        {
            var fifo = SpecialFiles.Fifo(_dir, "pipe");
            var reader = SpecialFiles.Drain(fifo);

            var r = Cli.Run(args(fifo));

            Assert.True(r.ExitCode == 0, $"{option}: {r.Error}");
            Assert.True(reader.Wait(TimeSpan.FromSeconds(60)), $"{option}: the reader never saw the end");
            Assert.NotEmpty(reader.Result);
            Assert.True(SpecialFiles.IsSpecial(fifo), $"{option} replaced the FIFO");
            File.Delete(fifo);
        }
    }

    [RootFact]
    public void Every_output_option_writes_to_a_null_device_and_leaves_it_a_device()
    {
        var device = SpecialFiles.Null(_dir);
        foreach (var (option, args) in Writers)
        {
            var r = Cli.Run(args(device));

            Assert.True(r.ExitCode == 0, $"{option}: {r.Error}");
            Assert.True(SpecialFiles.IsSpecial(device), $"{option} replaced the device");
        }
        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
    }

    [RootFact]
    public void Every_output_option_fails_on_a_full_device_with_exit_2_naming_the_path()
    {
        var device = SpecialFiles.Full(_dir);
        foreach (var (option, args) in Writers)
        {
            var r = Cli.Run(args(device));

            Assert.True(r.ExitCode == 2, $"{option}: exit {r.ExitCode}, {r.Error}");
            Assert.Contains($"Cannot write '{device}': No space left on device.", r.Error, StringComparison.Ordinal);
            Assert.True(SpecialFiles.IsSpecial(device), $"{option} replaced the device");
        }
    }

    [UnixFact]
    public void Every_output_option_replaces_a_symlink_chain_s_target_and_keeps_the_links()
    {
        var real = Path.Combine(_dir, "real");
        var (first, second) = (Path.Combine(_dir, "first"), Path.Combine(_dir, "second"));
        File.CreateSymbolicLink(first, "real");
        File.CreateSymbolicLink(second, "first");
        foreach (var (option, args) in Writers)
        {
            File.WriteAllText(real, "old");

            var r = Cli.Run(args(second));

            Assert.True(r.ExitCode == 0, $"{option}: {r.Error}");
            Assert.Equal("first", new FileInfo(second).LinkTarget);
            Assert.Equal("real", new FileInfo(first).LinkTarget);
            Assert.NotEqual("old", File.ReadAllText(real));
        }
    }

    [Fact]
    public void A_dash_is_standard_output_for_graph_and_predict()
    {
        var graph = Cli.Run("graph", "x*2", "--set", "x=1", "--out", "-");
        var predict = Cli.Run("predict", "--model", _model, "--data", _data, "--output", "-");

        Assert.Equal(0, graph.ExitCode);
        Assert.StartsWith("<?xml", graph.Out, StringComparison.Ordinal);
        Assert.Equal(0, predict.ExitCode);
        Assert.StartsWith("x1,x2,prediction\n", predict.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_log_json_dash_puts_only_the_log_on_standard_output_and_the_summary_on_standard_error()
    {
        var r = Cli.Run(Train("--log-json", "-"));

        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        foreach (var line in lines)
            Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("loss", out _), line);
        Assert.Contains("final loss", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_save_dash_puts_the_model_on_standard_output()
    {
        var r = Cli.Run(Train("--save", "-"));

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, ModelFile.Deserialize(r.Out).Model.InputCount);
    }

    [Fact]
    public void Train_streams_the_same_model_and_log_bytes_to_a_file_and_to_standard_output()
    {
        var (model, log) = (Path.Combine(_dir, "model.json"), Path.Combine(_dir, "log.jsonl"));

        Assert.Equal(0, Cli.Run([.. Train("--save", model), "--log-json", log]).ExitCode);
        var savedOut = Cli.Run(Train("--save", "-")).Out;
        var logOut = Cli.Run(Train("--log-json", "-")).Out;

        // The seed is fixed: one model and one log, whichever way they are written, and the model as Serialize gives it.
        Assert.Equal(savedOut, File.ReadAllText(model));
        Assert.Equal(logOut, File.ReadAllText(log));
        var loaded = ModelFile.Load(model);
        Assert.Equal(File.ReadAllBytes(model), System.Text.Encoding.UTF8.GetBytes(ModelFile.Serialize(loaded.Model, loaded.Metadata)));
        using var stream = new MemoryStream();
        ModelFile.Serialize(stream, loaded.Model, loaded.Metadata);
        Assert.Equal(File.ReadAllBytes(model), stream.ToArray());
    }

    [Fact]
    public void Train_refuses_two_outputs_on_standard_output()
    {
        var r = Cli.Run([.. Train("--save", "-"), "--log-json", "-"]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("cannot both be '-'", r.Error, StringComparison.Ordinal);
    }

    private string[] Train(string option, string path) =>
        ["train", "--data", _data, "--target", "y", "--layers", "2", "--steps", "3", option, path];
}
