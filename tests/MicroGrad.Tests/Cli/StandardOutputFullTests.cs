using System.Diagnostics;

namespace MicroGrad.Tests.Cli;

/// <summary>The built tool, run as a child process with its standard output on a private full device, fails with exit
/// 2 and "No space left on device" for every command that prints (issue 15, item 7): as <c>&gt; /dev/full</c> does
/// for a user, without touching the machine's /dev.</summary>
public sealed class StandardOutputFullTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-stdout-full-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RootFact]
    public void Every_command_that_prints_fails_with_exit_2_and_no_space_left_on_device()
    {
        var full = SpecialFiles.Full(_dir);
        var data = CsvFixtures.Linear(_dir);
        var model = Path.Combine(_dir, "model.json");
        Assert.Equal(0, Cli.Run("train", "--data", data, "--target", "y", "--layers", "2", "--steps", "1", "--save", model).ExitCode);
        string[][] commands =
        [
            ["graph", "x", "--set", "x=1"],
            ["graph", "x", "--set", "x=1", "--out", Path.Combine(_dir, "g.svg")], // prints "wrote …"
            ["gradcheck", "x*x", "--set", "x=3"],
            ["regress", "--data", data, "--target", "y"],
            ["predict", "--model", model, "--data", data],
            ["train", "--data", data, "--target", "y", "--layers", "2", "--steps", "2"],
            ["train", "--data", data, "--target", "y", "--layers", "2", "--steps", "2", "--log-json", "-"],
            ["demo", "--steps", "1", "--out", Path.Combine(_dir, "demo")],
            ["--version"],
        ];
        foreach (var args in commands)
        {
            var (code, error) = RunWithOutputOn(full, args);

            Assert.True(code == 2, $"micrograd {string.Join(' ', args)} > full: exit {code}, {error}");
            Assert.Contains("No space left on device", error, StringComparison.Ordinal);
            Assert.True(SpecialFiles.IsSpecial(full));
        }
    }

    private static (int Code, string Error) RunWithOutputOn(string device, string[] args)
    {
        // The test project references the tool, so its dll and runtimeconfig sit beside this assembly.
        var cli = Path.Combine(AppContext.BaseDirectory, "MicroGrad.Cli.dll");
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-c", "exec \"$@\" > \"$MICROGRAD_TEST_OUT\"", "sh", Dotnet, cli, .. args])
            start.ArgumentList.Add(a);
        start.Environment["MICROGRAD_TEST_OUT"] = device;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"micrograd {string.Join(' ', args)} > {device} did not finish within 60 s (killed)");
        }
        return (process.ExitCode, error.GetAwaiter().GetResult());
    }

    /// <summary>The dotnet host running the tests (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
