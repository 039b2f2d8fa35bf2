using System.Diagnostics;

namespace MicroGrad.Tests;

/// <summary>A fact that needs root on Unix: to make private devices with mknod (the default), or, with
/// <see cref="RootFactAttribute(RootPower)"/>, to give a file to another user with chown. Skipped visibly, with the
/// reason, when not root, and when root may not do that (root in a user namespace, as in some containers).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> MknodRefusal = new(() => Probe(folder => ["mknod", Path.Combine(folder, "null"), "c", "1", "3"]));

    private static readonly Lazy<string?> ChownRefusal = new(() => Probe(folder =>
    {
        File.CreateSymbolicLink(Path.Combine(folder, "link"), "nowhere");
        return ["chown", "-h", "65534", Path.Combine(folder, "link")];
    }));

    public RootFactAttribute()
        : this(RootPower.MakeDevices)
    {
    }

    public RootFactAttribute(RootPower power)
    {
        if (OperatingSystem.IsWindows())
            Skip = "Unix only";
        else if (!Environment.IsPrivilegedProcess)
            Skip = power == RootPower.MakeDevices
                ? "needs root: mknod makes the private device this test writes to (run the tests as root to cover it)"
                : "needs root: chown gives a file to another user (run the tests as root to cover it)";
        else if ((power == RootPower.MakeDevices ? MknodRefusal : ChownRefusal).Value is { } refusal)
            Skip = $"needs root that may {(power == RootPower.MakeDevices ? "make devices" : "give files away")}: it failed here ({refusal}; root in a user namespace?)";
    }

    /// <summary>Runs a command once in a temporary folder; null when it works, else its complaint.</summary>
    private static string? Probe(Func<string, string[]> command)
    {
        var folder = Directory.CreateTempSubdirectory("micrograd-root-probe-").FullName;
        try
        {
            var argv = command(folder);
            var start = new ProcessStartInfo(argv[0]) { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in argv[1..])
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

/// <summary>What a <see cref="RootFactAttribute"/> test needs root for.</summary>
public enum RootPower
{
    /// <summary>mknod: private devices.</summary>
    MakeDevices,

    /// <summary>chown: files owned by another user.</summary>
    GiveFilesAway,
}
