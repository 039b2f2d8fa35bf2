namespace MicroGrad.Tests.Cli;

/// <summary>A command's outputs are replaced together at the end, only when it succeeds; replaced files keep their
/// mode; a killed run's temporary files are cleaned up (issue 15, item 6); an output folder that is a file or an
/// unwritable place is named as the user wrote it (item 12).</summary>
public sealed class AllOrNothingOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-outputs-").FullName;
    private readonly string _moons = TestData.PathOf("moons1337.csv");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LinuxFact]
    public void Train_with_an_unwritable_plot_folder_exits_2_and_leaves_the_model_and_log_byte_for_byte()
    {
        var (model, log) = (Old("keep.json"), Old("old.jsonl"));

        var r = Cli.Run(Train("--save", model, "--log-json", log, "--plot", "/proc/foo"));

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: --plot '/proc/foo': cannot create the folder: no new folder can be created in '/proc'.",
            r.Error, StringComparison.Ordinal);
        AssertOld(model, log);
    }

    [Fact]
    public void Train_whose_last_plot_fails_after_the_model_was_written_leaves_the_model_and_log()
    {
        var (model, log) = (Old("keep.json"), Old("old.jsonl"));
        var plots = Directory.CreateDirectory(Path.Combine(_dir, "plots")).FullName;
        // boundary.png, the last output written, cannot be: a folder holds its name.
        Directory.CreateDirectory(Path.Combine(plots, "boundary.png"));

        var r = Cli.Run(Train("--save", model, "--log-json", log, "--plot", plots));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("boundary.png", r.Error, StringComparison.Ordinal);
        AssertOld(model, log);
        Assert.False(File.Exists(Path.Combine(plots, "loss.png")));
    }

    [Fact]
    public void Regress_whose_last_plot_fails_leaves_the_saved_model()
    {
        var model = Old("keep.json");
        var plots = Directory.CreateDirectory(Path.Combine(_dir, "plots")).FullName;
        // residuals.png, the last output written, cannot be: a folder holds its name.
        Directory.CreateDirectory(Path.Combine(plots, "residuals.png"));

        var r = Cli.Run("regress", "--data", TestData.PathOf("longley.csv"), "--target", "TOTEMP", "--save", model, "--plot", plots);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("residuals.png", r.Error, StringComparison.Ordinal);
        AssertOld(model);
        Assert.False(File.Exists(Path.Combine(plots, "predicted_vs_actual.png")));
    }

    [Fact]
    public void Demo_whose_last_picture_fails_leaves_the_other_pictures()
    {
        var loss = Old("loss.png");
        Directory.CreateDirectory(Path.Combine(_dir, "neuron.svg"));

        var r = Cli.Run("demo", "--steps", "1", "--out", _dir);

        Assert.Equal(2, r.ExitCode);
        AssertOld(loss);
        Assert.False(File.Exists(Path.Combine(_dir, "boundary.png")));
        Assert.False(File.Exists(Path.Combine(_dir, "demo.html")));
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_replaced_model_keeps_its_mode()
    {
        var model = Old("model.json");
        File.SetUnixFileMode(model, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Equal(0, Cli.Run(Train("--save", model)).ExitCode);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(model));
        Assert.NotEqual("old", File.ReadAllText(model));
    }

    [UnixFact]
    public void A_killed_run_s_temporary_model_is_removed_by_the_next_run()
    {
        var model = Path.Combine(_dir, "model.json");
        using var exited = System.Diagnostics.Process.Start("true")!;
        exited.WaitForExit();
        var stale = Old($".model.json.micrograd-{exited.Id}-1.tmp");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));

        Assert.Equal(0, Cli.Run(Train("--save", model)).ExitCode);

        Assert.False(File.Exists(stale));
        Assert.Equal(["model.json"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [UnixFact]
    public void Train_refuses_the_model_and_the_log_in_one_file_even_through_a_symlink_and_leaves_it()
    {
        var model = Old("model.json");
        var link = Path.Combine(_dir, "link.jsonl");
        File.CreateSymbolicLink(link, model);
        foreach (var log in new[] { model, link })
        {
            var r = Cli.Run(Train("--save", model, "--log-json", log));

            Assert.True(r.ExitCode == 2, $"--log-json {log}: exit {r.ExitCode}, {r.Error}");
            Assert.Contains($"'{model}'", r.Error, StringComparison.Ordinal);
            Assert.Contains($"'{log}'", r.Error, StringComparison.Ordinal);
            AssertOld(model);
        }
    }

    /// <summary>Second review: a folder option below a file named the missing parent, not the file in the way.</summary>
    [Fact]
    public void A_folder_option_below_a_file_names_the_file_in_the_way()
    {
        var file = Old("in-the-way");
        var r = Cli.Run("demo", "--steps", "1", "--out", Path.Combine(file, "a", "b"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"cannot create the folder: '{file}' is a file, not a folder.", r.Error, StringComparison.Ordinal);
        AssertOld(file);
    }

    /// <summary>Every file option given a folder is the same usage error, found before any work (graph and predict
    /// reported it as an input error from the write, after the work).</summary>
    [Fact]
    public void Output_file_options_given_a_folder_are_usage_errors_saying_so()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "a-folder")).FullName;
        var model = Path.Combine(_dir, "model.json");
        Assert.Equal(0, Cli.Run(Train("--save", model)).ExitCode);
        (string Option, string[] Args)[] cases =
        [
            ("--out", ["graph", "x", "--set", "x=1", "--out", folder]),
            ("--output", ["predict", "--model", model, "--data", _moons, "--output", folder]),
            ("--save", Train("--save", folder)),
            ("--save", ["regress", "--data", TestData.PathOf("longley.csv"), "--target", "TOTEMP", "--save", folder]),
            ("--log-json", Train("--log-json", folder)),
        ];
        foreach (var (option, args) in cases)
        {
            var r = Cli.Run(args);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', args)}: exit {r.ExitCode}, {r.Error}");
            Assert.Contains($"{option} expects a file name, but '{folder}' is a folder.", r.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Output_folder_options_given_a_file_say_it_is_a_file()
    {
        var file = Old("not-a-folder");
        var longley = TestData.PathOf("longley.csv");
        (string Option, string[] Args)[] cases =
        [
            ("--plot", Train("--plot", file)),
            ("--plot", ["regress", "--data", longley, "--target", "TOTEMP", "--plot", file]),
            ("--cache-dir", ["regress", "--data", longley, "--target", "TOTEMP", "--solver", "gd", "--out-of-core", "--cache-dir", file]),
            ("--out", ["demo", "--steps", "1", "--out", file]),
        ];
        foreach (var (option, args) in cases)
        {
            var r = Cli.Run(args);

            Assert.True(r.ExitCode == 1, $"{string.Join(' ', args)}: exit {r.ExitCode}, {r.Error}");
            Assert.Contains($"{option} expects a folder, but '{file}' is a file.", r.Error, StringComparison.Ordinal);
        }
        AssertOld(file);
    }

    [LinuxFact]
    public void An_unwritable_output_file_is_named_as_given_not_by_its_temporary_file()
    {
        var r = Cli.Run("graph", "x", "--set", "x=1", "--out", "/proc/foo");

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: Cannot write '/proc/foo': ", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", r.Error, StringComparison.Ordinal);
    }

    private string[] Train(params string[] outputs) =>
        ["train", "--data", _moons, "--target", "y", "--loss", "hinge", "--layers", "4", "--steps", "2", .. outputs];

    private string Old(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "old content\n");
        return path;
    }

    private static void AssertOld(params string[] paths)
    {
        foreach (var path in paths)
            Assert.True(File.ReadAllText(path) == "old content\n", $"{path} was replaced");
    }
}
