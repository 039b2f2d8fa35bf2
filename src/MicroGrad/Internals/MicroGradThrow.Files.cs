using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace MicroGrad;

// Output files (AtomicFile, AtomicFileGroup): every message names the path the caller gave, never the hidden
// temporary file or the end of a symlink chain, which the caller has never heard of.
internal static partial class MicroGradThrow
{
    [DoesNotReturn]
    public static void IO_OutputIsFolder(string path) =>
        throw new IOException($"Cannot write '{path}': it is a folder, not a file.");

    [DoesNotReturn]
    public static void IO_OutputNotSupported(string path) =>
        throw new IOException($"Cannot write '{path}': it is a socket or another kind of file that cannot be written to.");

    [DoesNotReturn]
    public static void InvalidOperation_GroupCommitted() =>
        throw new InvalidOperationException("The AtomicFileGroup was already committed or disposed; start a new group.");

    /// <summary>Rethrows a failure to write <paramref name="path"/> in words that name it (the type stays the kind of
    /// failure: permission or I/O), the original kept as the inner exception.</summary>
    [DoesNotReturn]
    public static void IO_Output(string path, Exception inner)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        var reason = inner switch
        {
            UnauthorizedAccessException => "permission denied",
            // O_CREAT|O_EXCL refused in a folder that exists (/proc, /sys): no new file can be made there.
            FileNotFoundException or DirectoryNotFoundException => $"no new file can be created in the folder '{folder}'",
            // On Unix the runtime keeps the errno as the HResult of an IOException (28 is ENOSPC).
            IOException { HResult: > 0 and < 4096 } io => Marshal.GetPInvokeErrorMessage(io.HResult),
            _ => inner.Message,
        };
        var message = $"Cannot write '{path}': {reason}.";
        if (inner is UnauthorizedAccessException)
            throw new UnauthorizedAccessException(message, inner);
        throw new IOException(message, inner);
    }
}
