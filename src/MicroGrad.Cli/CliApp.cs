using System.CommandLine;
using System.Reflection;
using MicroGrad.Cli.Commands;
using MicroGrad.Cli.Expressions;
using MicroGrad.Data;
using MicroGrad.Regression;

namespace MicroGrad.Cli;

/// <summary>
/// The <c>micrograd</c> command line: builds the commands, parses, runs, and turns every expected failure into a
/// short message on the error writer and an exit code (<see cref="ExitCodes"/>); a stack trace only with
/// <c>--verbose</c>.
/// </summary>
public static class CliApp
{
    /// <summary>Runs the tool with <paramref name="args"/>, writing to the given writers (tests capture them).</summary>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Show the full stack trace of an error.",
            Recursive = true,
        };
        var context = new CliContext(output, error);
        // A plain command named after the tool, not RootCommand, whose name is the entry assembly's (MicroGrad.Cli).
        var root = new Command("micrograd", "micrograd: a scalar autograd engine, neural networks and linear regression, from first principles.\n" +
            "Exit codes: 0 success, 1 usage error, 2 input error, 3 training diverged, 4 gradient check failed, 70 internal error (a bug).")
        {
            verbose,
            new System.CommandLine.Help.HelpOption(),
            new VersionOption { Action = new PrintVersion() },
        };
        foreach (var command in Commands(context))
            root.Subcommands.Add(command);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                error.WriteLine($"error: {e.Message}");
            error.WriteLine($"See '{CommandPath(parse)} --help'.");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            var failure = Classify(ex);
            error.WriteLine($"error: {failure.Message}");
            if (failure.Code == ExitCodes.Usage)
                error.WriteLine($"See '{CommandPath(parse)} --help'.");
            if (parse.GetValue(verbose))
                error.WriteLine(ex.ToString());
            return failure.Code;
        }
    }

    private static IEnumerable<Command> Commands(CliContext context) =>
    [
        DemoCommand.Create(context),
        TrainCommand.Create(context),
        PredictCommand.Create(context),
        ExportCommand.Create(context),
        RegressCommand.Create(context),
        GraphCommand.Create(context),
        GradCheckCommand.Create(context),
    ];

    /// <summary>The tool's version (this assembly's, not the entry assembly's, so it is right in-process too).</summary>
    internal static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private sealed class PrintVersion : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Success;
        }
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>The exit code and message of a failure: types, not message text, decide.</summary>
    internal static (int Code, string Message) Classify(Exception ex) => ex switch
    {
        CliException c => (c.ExitCode, c.Message),
        ExpressionException e => (ExitCodes.Input, e.Describe()),
        DataFormatException d => (ExitCodes.Input, d.Message),
        FileNotFoundException f => (ExitCodes.Input, f.Message),
        DirectoryNotFoundException d => (ExitCodes.Input, d.Message),
        UnauthorizedAccessException u => (ExitCodes.Input, u.Message),
        IOException io => (ExitCodes.Input, io.Message),
        InvalidDataException d => (ExitCodes.Input, d.Message),
        TrainingDivergedException d => (ExitCodes.Diverged, d.Message),
        // The data cannot be fitted as asked (collinear columns): the user's input, whichever command met it.
        RankDeficientException r => (ExitCodes.Input, r.Message),
        // A null argument is the tool's mistake, not the user's; every other ArgumentException from the library is
        // about the data the user gave (too few rows, a NaN, …).
        ArgumentNullException => Bug(ex),
        ArgumentException a => (ExitCodes.Input, a.Message),
        // Anything else, among them an anomaly (a plain ArithmeticException) or an overflow, is a bug.
        _ => Bug(ex),
    };

    private static (int Code, string Message) Bug(Exception ex) =>
        (ExitCodes.Internal, $"unexpected {ex.GetType().Name}: {ex.Message} (this is a bug; rerun with --verbose and report it)");
}
