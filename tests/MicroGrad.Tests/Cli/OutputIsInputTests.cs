namespace MicroGrad.Tests.Cli;

/// <summary>No output replaces an input: <c>--data d.csv --save d.csv</c> and the like are refused before any work
/// (exit 1, an option conflict naming both options and the file), through a symlink or a hard link too.</summary>
public sealed class OutputIsInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-outisin-").FullName;
    private readonly string _data;
    private readonly string _model;

    public OutputIsInputTests()
    {
        _data = CsvFixtures.Linear(_dir);
        _model = Path.Combine(_dir, "model.json");
        var r = Cli.Run("regress", "--data", _data, "--target", "y", "--save", _model);
        Assert.True(r.ExitCode == 0, r.Error);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void AssertRefused(string[] args, string output, string outputOption, string input, string inputOption, string protectedFile)
    {
        var before = File.ReadAllBytes(protectedFile);

        var r = Cli.Run(args);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"error: {outputOption} '{output}' is the file {inputOption} reads ('{input}'); writing it would replace the input.",
            r.Error, StringComparison.Ordinal);
        Assert.Contains("--help'", r.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(protectedFile));
    }

    [Fact]
    public void Regress_save_onto_its_data_is_refused_and_the_data_kept()
    {
        AssertRefused(["regress", "--data", _data, "--target", "y", "--save", _data], _data, "--save", _data, "--data", _data);
    }

    [Fact]
    public void Predict_output_onto_its_model_or_data_is_refused_and_both_kept()
    {
        AssertRefused(["predict", "--model", _model, "--data", _data, "--output", _model], _model, "--output", _model, "--model", _model);
        AssertRefused(["predict", "--model", _model, "--data", _data, "--output", _data], _data, "--output", _data, "--data", _data);
    }

    [Fact]
    public void Train_save_or_log_onto_its_data_is_refused_and_the_data_kept()
    {
        AssertRefused(["train", "--data", _data, "--target", "y", "--steps", "1", "--save", _data], _data, "--save", _data, "--data", _data);
        AssertRefused(["train", "--data", _data, "--target", "y", "--steps", "1", "--log-json", _data], _data, "--log-json", _data, "--data", _data);
    }

    [UnixFact]
    public void A_symlink_or_hard_link_to_the_data_is_the_same_file()
    {
        var symlink = Path.Combine(_dir, "via-symlink.csv");
        File.CreateSymbolicLink(symlink, _data);
        var hard = Path.Combine(_dir, "via-hardlink.csv");
        var ln = System.Diagnostics.Process.Start("ln", [_data, hard])!;
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);

        AssertRefused(["regress", "--data", _data, "--target", "y", "--save", symlink], symlink, "--save", _data, "--data", _data);
        AssertRefused(["regress", "--data", _data, "--target", "y", "--save", hard], hard, "--save", _data, "--data", _data);
    }

    [Fact]
    public void A_copy_of_the_data_is_another_file_and_is_written()
    {
        // The check compares files, not contents: a copy is replaced as asked (the oracle of the refusals above).
        var copy = Path.Combine(_dir, "copy.csv");
        File.Copy(_data, copy);

        var r = Cli.Run("regress", "--data", _data, "--target", "y", "--save", copy);

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.StartsWith("{", File.ReadAllText(copy), StringComparison.Ordinal);
    }
}
