using System.Text;

namespace MicroGrad;

/// <summary>
/// Writes a file all at once or not at all, as <c>cp</c>, <c>sort -o</c> and <c>curl -o</c> would want it done:
/// <list type="bullet">
/// <item>a regular file (or a new one) is written to a temporary file beside it (flushed to disk), which then replaces
/// it by a rename: a crash or an exception never leaves a half-written file, readers see the old file or the new one,
/// and the replaced file keeps its Unix mode (and its owner, where the process may set it);</item>
/// <item>a symlink, or a chain of them, is followed to its final target, which is replaced that way in its own folder:
/// the link stays a link. A dangling link creates the file it points to, as the shell's <c>&gt;</c> does. A link the
/// kernel's <c>fs.protected_symlinks</c> would not follow (owned by another user, in a sticky world-writable folder
/// such as <c>/tmp</c>, whose owner is not the link's either) is refused;</item>
/// <item>a character or block device or a FIFO is opened and written directly (no temporary file, no rename, no
/// truncation): <c>/dev/null</c> stays a device and a pipe's reader gets the content. A socket is refused.</item>
/// </list>
/// A temporary file is named <c>.NAME.micrograd-PID-N.tmp</c> (a NAME over 100 UTF-8 bytes is cut, with <c>~</c> and a
/// hash of the whole name) and created with the replaced file's permissions; one left by a process that was killed
/// (its PID is gone) and last written over an hour ago is removed the next time NAME is written. <see cref="NN.ModelFile"/> saves models this way; use it for
/// anything else a run produces, and <see cref="AtomicFileGroup"/> for several files that belong together.
/// </summary>
/// <example><code>
/// AtomicFile.WriteAllText("summary.json", model.Summary.ToJson());
/// </code></example>
public static partial class AtomicFile
{
    /// <summary>Writes what <paramref name="write"/> produces to <paramref name="path"/>, atomically. When
    /// <paramref name="write"/> throws, the target is left as it was and the temporary file is deleted.</summary>
    /// <param name="path">The target file; it is replaced if it exists (see the type's remarks for links and devices).</param>
    /// <param name="write">Writes the whole content to the stream it is given (do not dispose the stream).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="write"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not write the target or its folder.</exception>
    /// <exception cref="IOException">The target is a folder or a socket, or it cannot be written (the disk is full, the
    /// folder takes no new files, a symlink loops or is refused, the name is too long, …); the message names
    /// <paramref name="path"/>.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        using var group = new AtomicFileGroup();
        group.Write(path, write);
        group.Commit();
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null (the target is left as it was).</exception>
    /// <inheritdoc cref="Write" path="/exception"/>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, Bytes(bytes));

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null (the target is left as it was).</exception>
    /// <inheritdoc cref="Write" path="/exception"/>
    public static void WriteAllText(string path, string text) => Write(path, Text(text));

    // Checked here: Stream.Write(ReadOnlySpan<byte>) would take null as empty and replace the file with nothing.
    internal static Action<Stream> Bytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return s => s.Write(bytes);
    }

    internal static Action<Stream> Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return s =>
        {
            using var writer = new StreamWriter(s, new UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        };
    }
}
