using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MicroGrad.Visualization;

/// <summary>Runs Graphviz's <c>dot -Tsvg</c> on DOT text, when it is installed.</summary>
internal static class Graphviz
{
    /// <summary>The SVG that <c>dot</c> writes for <paramref name="dot"/>, or <see langword="null"/> when <c>dot</c> is not
    /// found, cannot start, exits with an error, writes no <c>&lt;svg</c> element, or runs past the timeout (it is then
    /// killed); the caller falls back to the built-in layout.</summary>
    public static string? TryRender(string dot, GraphOptions options)
    {
        var executable = options.GraphvizPath ?? FindOnPath("dot");
        if (executable is null || !File.Exists(executable))
            return null;

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-Tsvg");
        try
        {
            using var process = Process.Start(start);
            if (process is null)
                return null;
            // Read both outputs while writing the input, so that neither pipe can fill up and block dot.
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var input = WriteInputAsync(process, dot);
            if (!process.WaitForExit(options.GraphvizTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                // The pipes close with the process; let the pending reads and write finish (or fail) before the
                // process is disposed, so no task is left faulting unobserved.
                try
                {
                    Task.WaitAll([output, error, input], TimeSpan.FromSeconds(1));
                }
                catch (AggregateException)
                {
                    // A read or write cut off by the kill; the output is discarded anyway.
                }
                return null;
            }
            process.WaitForExit();
            var svg = output.GetAwaiter().GetResult();
            _ = error.GetAwaiter().GetResult();
            return process.ExitCode == 0 && input.GetAwaiter().GetResult()
                && svg.Contains("<svg", StringComparison.Ordinal) ? svg : null;
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<bool> WriteInputAsync(Process process, string dot)
    {
        try
        {
            await process.StandardInput.WriteAsync(dot).ConfigureAwait(false);
            process.StandardInput.Close();
            return true;
        }
        catch (IOException)
        {
            // dot exited before reading everything (a broken pipe): its output cannot be trusted.
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
            return null;
        string[] names = OperatingSystem.IsWindows() ? [name + ".exe", name] : [name];
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names)
            {
                var full = Path.Combine(directory, candidate);
                if (File.Exists(full))
                    return full;
            }
        }
        return null;
    }
}
