namespace MicroGrad;

/// <summary>
/// Writes a file all at once or not at all: the content goes to a temporary file beside the target (flushed to disk),
/// which then replaces the target by a rename. A crash or an exception never leaves a half-written file behind, and
/// readers see either the old file or the new one. <see cref="NN.ModelFile"/> saves models this way; use it for
/// anything else a run produces (plots, logs, predictions).
/// </summary>
/// <example><code>
/// AtomicFile.WriteAllText("summary.json", model.Summary.ToJson());
/// </code></example>
public static class AtomicFile
{
    /// <summary>Writes what <paramref name="write"/> produces to <paramref name="path"/>, atomically. When
    /// <paramref name="write"/> throws, the target is left as it was and the temporary file is deleted.</summary>
    /// <param name="path">The target file; it is replaced if it exists.</param>
    /// <param name="write">Writes the whole content to the stream it is given (do not dispose the stream).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="write"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist.</exception>
    /// <exception cref="IOException">The temporary file cannot be written or renamed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            MicroGradThrow.DirectoryNotFound_Output(path, folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null (the target is left as it was).</exception>
    /// <inheritdoc cref="Write" path="/exception"/>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        // Checked here: Stream.Write(ReadOnlySpan<byte>) would take null as empty and replace the file with nothing.
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, s => s.Write(bytes));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null (the target is left as it was).</exception>
    /// <inheritdoc cref="Write" path="/exception"/>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, s =>
        {
            using var writer = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });
    }
}
