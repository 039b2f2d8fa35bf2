using MicroGrad.Cli;

namespace MicroGrad.Tests.Cli;

/// <summary>Runs the tool in-process with captured output.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}
