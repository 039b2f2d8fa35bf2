using System.Diagnostics;

namespace MicroGrad.Tests;

/// <summary>A fact that needs root on Unix (mknod makes private devices): skipped visibly, with the reason, otherwise,
/// and when root may not make devices (root in a user namespace, as in some containers: mknod fails with EPERM).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> MknodRefusal = new(ProbeMknod);

    public RootFactAttribute()
    {
        if (OperatingSystem.IsWindows())
            Skip = "Unix devices only";
        else if (!Environment.IsPrivilegedProcess)
            Skip = "needs root: mknod makes the private device this test writes to (run the tests as root to cover it)";
        else if (MknodRefusal.Value is { } refusal)
            Skip = $"needs root that may make devices: mknod failed here ({refusal}; root in a user namespace?)";
    }

    /// <summary>Makes a private null device once, in a temporary folder; null when that works, else mknod's complaint.</summary>
    private static string? ProbeMknod()
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-mknod-probe-").FullName;
        try
        {
            var start = new ProcessStartInfo("mknod") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in (string[])[Path.Combine(folder, "null"), "c", "1", "3"])
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : error.Length > 0 ? error : $"exit code {process.ExitCode}";
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
