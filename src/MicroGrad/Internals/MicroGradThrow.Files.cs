using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace MicroGrad;

// Output files (AtomicFile, AtomicFileGroup): every message names the path the caller gave, never the hidden
// temporary file or the end of a symlink chain, which the caller has never heard of. Paths are echoed through
// Format.Quote: bounded, on one line, control characters escaped.
internal static partial class MicroGradThrow
{
    [DoesNotReturn]
    public static void IO_OutputIsFolder(string path) =>
        throw new IOException($"Cannot write {Format.Quote(path)}: it is a folder, not a file.");

    [DoesNotReturn]
    public static void IO_OutputNotSupported(string path) =>
        throw new IOException($"Cannot write {Format.Quote(path)}: it is a socket, which cannot be opened as a file.");

    /// <summary>A link the kernel's <c>fs.protected_symlinks</c> would not follow (see AtomicFile.Resolve).</summary>
    [DoesNotReturn]
    public static void IO_OutputForeignSymlink(string path, string link) =>
        throw new IOException(path == link || Path.GetFullPath(path) == link
            ? $"Cannot write {Format.Quote(path)}: refusing to follow a symlink owned by another user in a sticky world-writable folder."
            : $"Cannot write {Format.Quote(path)}: refusing to follow a symlink owned by another user in a sticky world-writable folder ({Format.Quote(link)}).");

    /// <summary>Two paths of one group that end at the same file: the second rename would silently replace the first.</summary>
    [DoesNotReturn]
    public static void IO_OutputTwice(string path, string earlier) =>
        throw new IOException(path == earlier
            ? $"Cannot write {Format.Quote(path)} twice in one group of outputs: the second would replace the first."
            : $"Cannot write {Format.Quote(path)}: it is the same file as {Format.Quote(earlier)}, already written in this group of outputs; give them different files.");

    [DoesNotReturn]
    public static void InvalidOperation_GroupCommitted() =>
        throw new InvalidOperationException("The AtomicFileGroup was already committed or disposed; start a new group.");

    /// <summary>Rethrows a failure to write <paramref name="path"/> in words that name it (the type stays the kind of
    /// failure: permission or I/O), the original kept as the inner exception.</summary>
    [DoesNotReturn]
    public static void IO_Output(string path, Exception inner)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "";
        var reason = inner switch
        {
            UnauthorizedAccessException => "permission denied",
            // ENAMETOOLONG: .NET's own message names the temporary file.
            PathTooLongException => "file name too long",
            // O_CREAT|O_EXCL refused in a folder that exists (/proc, /sys): no new file can be made there.
            FileNotFoundException or DirectoryNotFoundException => $"no new file can be created in the folder {Format.Quote(folder)}",
            // On Unix the runtime keeps the errno as the HResult of an IOException (28 is ENOSPC).
            IOException { HResult: > 0 and < 4096 } io => Marshal.GetPInvokeErrorMessage(io.HResult),
            _ => inner.Message,
        };
        var message = $"Cannot write {Format.Quote(path)}: {reason.TrimEnd('.', ' ')}.";
        if (inner is UnauthorizedAccessException)
            throw new UnauthorizedAccessException(message, inner);
        throw new IOException(message, inner);
    }
}
