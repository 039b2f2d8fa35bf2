namespace MicroGrad.Tests.Cli;

/// <summary><c>predict --model</c> reads the model file once and bounded: from a FIFO (which cannot be read twice),
/// with a byte-order mark, and refusing a file too large to be a model.</summary>
public sealed class ModelInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-modelinput-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Longley => TestData.PathOf("longley.csv");

    /// <summary>A linear model of Longley saved by the tool, and its predictions of Longley (the oracle of the other
    /// reads: the same model read from a regular file).</summary>
    private (string Model, string Expected) SavedModel()
    {
        var model = Path.Combine(_dir, "model.json");
        var r = Cli.Run("regress", "--data", Longley, "--target", "TOTEMP", "--save", model);
        Assert.True(r.ExitCode == 0, r.Error);
        var p = Cli.Run("predict", "--model", model, "--data", Longley);
        Assert.True(p.ExitCode == 0, p.Error);
        return (model, p.Out);
    }

    [UnixFact]
    public void A_model_read_from_a_fifo_predicts_as_from_a_file()
    {
        var (model, expected) = SavedModel();
        var fifo = SpecialFiles.Fifo(_dir, "model.fifo");
        var bytes = File.ReadAllBytes(model);
        // A writer's open blocks until the reader opens the FIFO: write on another thread.
        var writer = Task.Factory.StartNew(() => File.WriteAllBytes(fifo, bytes), TaskCreationOptions.LongRunning);

        // Read twice, the FIFO's second open waited for a writer forever: bounded here so that the test fails, not hangs.
        var run = Task.Factory.StartNew(() => Cli.Run("predict", "--model", fifo, "--data", Longley), TaskCreationOptions.LongRunning);

        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "predict never finished: it opened the FIFO a second time");
        Assert.True(writer.Wait(TimeSpan.FromSeconds(60)), "the writer never finished: the model was not read to its end");
        var r = run.Result;
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(expected, r.Out);
    }

    [Fact]
    public void A_model_file_with_a_utf8_byte_order_mark_is_read()
    {
        var (model, expected) = SavedModel();
        File.WriteAllBytes(model, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(model)]);

        var r = Cli.Run("predict", "--model", model, "--data", Longley);

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(expected, r.Out);
    }

    [Fact]
    public void A_model_file_over_256_MiB_is_refused_with_exit_2_naming_its_size()
    {
        var model = Path.Combine(_dir, "huge.json");
        using (var stream = File.Create(model))
            stream.SetLength((256L << 20) + 1); // sparse: no disk used

        var r = Cli.Run("predict", "--model", model, "--data", Longley);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"Model file '{model}': expected at most 256 MiB (268,435,456 bytes) of JSON; found 268,435,457 bytes.", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_file_naming_a_feature_twice_is_refused_naming_both_places()
    {
        var data = CsvFixtures.Linear(_dir);
        var model = Path.Combine(_dir, "net.json");
        var t = Cli.Run("train", "--data", data, "--target", "y", "--layers", "2", "--steps", "1", "--save", model);
        Assert.True(t.ExitCode == 0, t.Error);
        File.WriteAllText(model, File.ReadAllText(model).Replace("\"x2\"", "\"x1\"", StringComparison.Ordinal));

        var r = Cli.Run("predict", "--model", model, "--data", data);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("field 'metadata.featureNames' must name each feature once; found 'x1' at metadata.featureNames[0] and metadata.featureNames[1]",
            r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unknown_format_names_both_formats_with_or_without_level(bool withLevel)
    {
        string[] options = withLevel ? ["--level", "0.9"] : [];
        var model = Path.Combine(_dir, "other.json");
        File.WriteAllText(model, "{\"format\": \"keras\"}");

        var r = Cli.Run(["predict", "--model", model, "--data", Longley, .. options]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"Model file '{model}': field 'format' must be \"micrograd-mlp\" or \"micrograd-linear-regression\"; found 'keras'.",
            r.Error, StringComparison.Ordinal);
    }
}
