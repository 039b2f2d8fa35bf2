namespace MicroGrad.Tests.Cli;

public class RootCommandTests
{
    [Fact]
    public void Help_names_the_tool_micrograd_and_lists_every_command_with_an_example()
    {
        var r = Cli.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("micrograd [command] [options]", r.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "demo", "train", "predict", "regress", "graph", "gradcheck" })
            Assert.Contains($"Example: micrograd {command}", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_exit_code_including_70()
    {
        // Oracle: ExitCodes and README's table; sysexits.h EX_SOFTWARE = 70 for an internal error.
        var r = Cli.Run("--help");
        Assert.Contains("Exit codes: 0 success, 1 usage error, 2 input error, 3 training diverged, 4 gradient check failed, 70 internal error",
            r.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_package_version()
    {
        // Oracle: <Version> in Directory.Build.props.
        var r = Cli.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("0.2.0", r.Out.Trim());
    }

    [Fact]
    public void No_command_is_a_usage_error_pointing_to_help()
    {
        var r = Cli.Run();
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("See 'micrograd --help'", r.Error, StringComparison.Ordinal);
    }
}
