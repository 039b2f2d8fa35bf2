namespace MicroGrad;

/// <summary>
/// Several output files that are replaced together or not at all, for a run whose outputs belong together (a model,
/// its training log and its plots): each <c>Write…</c> writes its file's content to a temporary file beside the target
/// at once (a device or FIFO target is kept in memory), and <see cref="Commit"/> replaces every target. Disposing the
/// group without committing deletes the temporary files and leaves every target as it was. Each file is handled as
/// <see cref="AtomicFile"/> describes (links followed, devices written directly, modes kept).
/// </summary>
/// <remarks>Commit writes the device and FIFO targets first (they are the ones that can still fail: a full device, a
/// pipe whose reader left), then renames the temporary files over the regular targets one after another. A rename
/// failing after others succeeded (rare: each temporary file is complete and in its target's own folder) leaves the
/// earlier targets replaced and the later ones as they were.</remarks>
/// <example><code>
/// using (var outputs = new AtomicFileGroup())
/// {
///     outputs.WriteAllText("model.json", modelJson);
///     outputs.WriteAllText("log.jsonl", log);
///     outputs.Commit(); // neither file changes unless both were written
/// }
/// </code></example>
public sealed class AtomicFileGroup : IDisposable
{
    private readonly List<Staged> _staged = [];
    private bool _closed;

    /// <summary>Writes what <paramref name="write"/> produces to a temporary file for <paramref name="path"/>, which
    /// <see cref="Commit"/> moves over it. When <paramref name="write"/> throws, the temporary file is deleted (the
    /// group's other files stay staged).</summary>
    /// <exception cref="InvalidOperationException">The group was committed or disposed.</exception>
    /// <exception cref="IOException">As for <see cref="AtomicFile.Write"/>, and when <paramref name="path"/> ends (through
    /// links) at a file the group already holds: the message names both paths.</exception>
    /// <inheritdoc cref="AtomicFile.Write" path="/param"/>
    /// <inheritdoc cref="AtomicFile.Write" path="/exception"/>
    public void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        if (_closed)
            MicroGradThrow.InvalidOperation_GroupCommitted();
        var target = AtomicFile.Resolve(path);
        // Two renames onto one file (--save x --log-json x, or a link to x) would keep only the second: refused. A
        // device or FIFO takes both writes, as the shell's "> /dev/null 2> /dev/null" does.
        // Compared with every folder's links followed: a/m.json and b/m.json are one file when b links to a.
        if (target.Kind != AtomicFile.TargetKind.Direct)
        {
            var canonical = AtomicFile.WithFoldersResolved(target.Path);
            if (_staged.FindIndex(s => AtomicFile.WithFoldersResolved(s.Target) == canonical) is >= 0 and var i)
                MicroGradThrow.IO_OutputTwice(path, _staged[i].Path);
        }
        if (target.Kind == AtomicFile.TargetKind.Direct)
        {
            using var buffer = new MemoryStream();
            write(buffer);
            _staged.Add(new Staged(path, target.Path, Temp: null, buffer.ToArray()));
            return;
        }
        var temp = AtomicFile.CreateTemp(path, target);
        try
        {
            using (var stream = new AtomicFile.TempStream(path, temp.Stream))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            AtomicFile.KeepModeAndOwner(target, temp.Path);
        }
        catch
        {
            AtomicFile.DeleteQuietly(temp.Path);
            throw;
        }
        _staged.Add(new Staged(path, target.Path, temp.Path, Content: null));
    }

    /// <summary>Stages <paramref name="bytes"/> for <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    /// <inheritdoc cref="Write" path="/exception"/>
    public void WriteAllBytes(string path, byte[] bytes) => Write(path, AtomicFile.Bytes(bytes));

    /// <summary>Stages <paramref name="text"/> as UTF-8 (no byte-order mark) for <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <inheritdoc cref="Write" path="/exception"/>
    public void WriteAllText(string path, string text) => Write(path, AtomicFile.Text(text));

    /// <summary>Replaces every staged target: devices and FIFOs are written, then the temporary files renamed over the
    /// regular targets. The group cannot be used afterwards.</summary>
    /// <exception cref="InvalidOperationException">The group was already committed or disposed.</exception>
    /// <exception cref="IOException">A device or FIFO refused the content (a full device), or a rename failed; the
    /// message names the path given to <c>Write…</c>. Targets not yet replaced are left as they were.</exception>
    public void Commit()
    {
        if (_closed)
            MicroGradThrow.InvalidOperation_GroupCommitted();
        _closed = true;
        foreach (var file in _staged)
        {
            if (file.Content is { } content)
                AtomicFile.WriteDirect(file.Path, file.Target, content);
        }
        foreach (var file in _staged)
        {
            if (file.Temp is { } temp)
            {
                try
                {
                    File.Move(temp, file.Target, overwrite: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    MicroGradThrow.IO_Output(file.Path, ex);
                }
            }
        }
        _staged.Clear();
    }

    /// <summary>Deletes the temporary files of a group that was not committed (every target stays as it was).</summary>
    public void Dispose()
    {
        _closed = true;
        foreach (var file in _staged)
        {
            if (file.Temp is { } temp)
                AtomicFile.DeleteQuietly(temp);
        }
        _staged.Clear();
    }

    /// <param name="Path">As the caller gave it (for messages).</param>
    /// <param name="Target">The file replaced or written: the end of any symlink chain.</param>
    /// <param name="Temp">The temporary file of a regular target.</param>
    /// <param name="Content">The content of a device or FIFO target.</param>
    private readonly record struct Staged(string Path, string Target, string? Temp, byte[]? Content);
}
