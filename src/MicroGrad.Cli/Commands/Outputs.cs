using System.Runtime.InteropServices;
using System.Text;

namespace MicroGrad.Cli.Commands;

/// <summary>
/// The files one command writes, replaced together at the end and only when the command succeeds (an
/// <see cref="AtomicFileGroup"/>): a failure anywhere leaves every old file as it was. A file option's value <c>-</c>
/// means standard output, written at the end too.
/// </summary>
internal sealed class Outputs(CliContext context) : IDisposable
{
    /// <summary>The file name that means standard output.</summary>
    public const string StandardOutput = "-";

    private readonly AtomicFileGroup _files = new();
    private readonly List<Action<TextWriter>> _standardOutput = [];

    /// <summary>A file inside an output folder (a picture): never standard output.</summary>
    public void WriteAllText(string path, string text) => _files.WriteAllText(path, text);

    /// <summary>Streams what <paramref name="write"/> produces (UTF-8) into <paramref name="path"/>'s temporary file;
    /// for standard output it is kept in memory until <see cref="Commit"/>.</summary>
    public void Write(string path, Action<Stream> write)
    {
        if (path != StandardOutput)
        {
            _files.Write(path, write);
            return;
        }
        var buffer = new MemoryStream();
        write(buffer);
        _standardOutput.Add(output =>
        {
            buffer.Position = 0;
            using var reader = new StreamReader(buffer, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            var chars = new char[16384];
            for (int n; (n = reader.Read(chars)) > 0;)
                output.Write(chars, 0, n);
        });
    }

    /// <summary>A file inside an output folder (a plot): never standard output.</summary>
    public void WriteAllBytes(string path, byte[] bytes) => _files.WriteAllBytes(path, bytes);

    /// <summary>Writes standard output's part first (it can still fail: a full disk, a closed pipe), then replaces the
    /// files.</summary>
    public void Commit()
    {
        foreach (var write in _standardOutput)
            write(context.Out);
        context.Out.Flush();
        _files.Commit();
    }

    public void Dispose() => _files.Dispose();

    /// <summary>Fails before any work, not after, when an output file's folder does not exist or the path is a folder.</summary>
    public static void RequireFile(string? path, string option)
    {
        if (string.IsNullOrEmpty(path) || path == StandardOutput)
            return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
            throw new CliException(ExitCodes.Input, $"{option} {Format.Quote(path)}: the folder {Format.Quote(folder)} does not exist.");
        if (Directory.Exists(path))
            throw new CliException(ExitCodes.Usage, $"{option} expects a file name, but {Format.Quote(path)} is a folder.");
    }

    /// <summary>Fails before any work when an output would replace an input (<c>--data d.csv --save d.csv</c>): the
    /// same regular file once links are followed, hard links included (<see cref="AtomicFile.IsSameFile"/>). An option
    /// conflict, exit 1.</summary>
    public static void RequireNotInput(string? output, string outputOption, string? input, string inputOption)
    {
        if (string.IsNullOrEmpty(output) || output == StandardOutput || string.IsNullOrEmpty(input))
            return;
        if (AtomicFile.IsSameFile(output, input))
            throw new CliException(ExitCodes.Usage,
                $"{outputOption} {Format.Quote(output)} is the file {inputOption} reads ({Format.Quote(input)}); writing it would replace the input. Choose another file.");
    }

    /// <summary>Fails before any work when an output folder's path is a file (Directory.CreateDirectory would say
    /// only that "the file already exists").</summary>
    public static void RequireFolder(string? path, string option)
    {
        if (!string.IsNullOrEmpty(path) && File.Exists(path))
            throw new CliException(ExitCodes.Usage, $"{option} expects a folder, but {Format.Quote(path)} is a file.");
    }

    /// <summary>Makes an output folder (and its parents), checked first by <see cref="RequireFolder"/>; a failure is
    /// told in the CLI's words (.NET's would say "Could not find file" for a folder that cannot be made in /proc).</summary>
    public static void CreateFolder(string path, string option)
    {
        RequireFolder(path, option);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The deepest part of the path that exists: the place that refused (or a file where a folder was needed).
            var existing = Path.GetDirectoryName(Path.GetFullPath(path));
            while (existing is not null && !Path.Exists(existing))
                existing = Path.GetDirectoryName(existing);
            existing ??= "";
            var reason = ex switch
            {
                UnauthorizedAccessException => "permission denied",
                PathTooLongException => "file name too long",
                _ when File.Exists(existing) => $"{Format.Quote(existing)} is a file, not a folder",
                // mkdir's ENOENT in a parent that exists (/proc, /sys): no new folder can be made there.
                FileNotFoundException or DirectoryNotFoundException => $"no new folder can be created in {Format.Quote(existing)}",
                // On Unix the runtime keeps the errno as the HResult of an IOException (28 is ENOSPC).
                IOException { HResult: > 0 and < 4096 } io => Marshal.GetPInvokeErrorMessage(io.HResult),
                _ => ex.Message.TrimEnd('.', ' '),
            };
            throw new CliException(ExitCodes.Input, $"{option} {Format.Quote(path)}: cannot create the folder: {reason}.");
        }
    }
}
