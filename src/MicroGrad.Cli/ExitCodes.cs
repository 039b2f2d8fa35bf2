namespace MicroGrad.Cli;

/// <summary>The tool's exit codes (documented in <c>--help</c> and the README).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Unknown option, bad option value.</summary>
    public const int Usage = 1;

    /// <summary>Missing file, bad CSV, unknown column, non-numeric cell, rank-deficient design, bad expression.</summary>
    public const int Input = 2;

    /// <summary>Training diverged (non-finite or exploding loss).</summary>
    public const int Diverged = 3;

    /// <summary>Analytic and numeric gradients disagree.</summary>
    public const int GradCheckFailed = 4;

    /// <summary>Anything else (a null argument, an anomaly, an overflow): a bug. The message asks for <c>--verbose</c>.</summary>
    public const int Internal = 70;
}

/// <summary>A user mistake or an expected failure, reported as one short message and an exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
