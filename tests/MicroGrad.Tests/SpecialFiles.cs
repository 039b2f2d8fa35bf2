using System.Diagnostics;

namespace MicroGrad.Tests;

/// <summary>Private FIFOs and devices in a test's own folder, so that no test ever writes to the machine's /dev.</summary>
internal static class SpecialFiles
{
    /// <summary>A FIFO made by mkfifo(1).</summary>
    public static string Fifo(string folder, string name = "fifo") => Make(Path.Combine(folder, name), "mkfifo");

    /// <summary>A private /dev/null (character device 1, 3); root only (see <see cref="RootFactAttribute"/>).</summary>
    public static string Null(string folder, string name = "null") => Make(Path.Combine(folder, name), "mknod", "c", "1", "3");

    /// <summary>A private /dev/full (character device 1, 7: every write fails with ENOSPC); root only.</summary>
    public static string Full(string folder, string name = "full") => Make(Path.Combine(folder, name), "mknod", "c", "1", "7");

    /// <summary>Reads a FIFO to its end on another thread (a writer's open blocks until a reader opens it).</summary>
    public static Task<byte[]> Drain(string fifo) => Task.Factory.StartNew(() => File.ReadAllBytes(fifo), TaskCreationOptions.LongRunning);

    /// <summary>True when <paramref name="path"/> is still a FIFO or device, not a regular file that replaced it.</summary>
    public static bool IsSpecial(string path) => Run("test", "-p", path) == 0 || Run("test", "-c", path) == 0;

    private static string Make(string path, string tool, params string[] args)
    {
        var code = Run(tool, [path, .. args]);
        Assert.True(code == 0, $"{tool} {path} failed with exit code {code}");
        return path;
    }

    private static int Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
