using static System.FormattableString;

namespace MicroGrad;

/// <summary>The check before reading a file the user named: a missing file and a directory fail the same way (a
/// <see cref="FileNotFoundException"/>), each in its own words, rather than a directory passing for missing or
/// failing as "access denied".</summary>
internal static class InputFile
{
    /// <param name="path">The file to read.</param>
    /// <param name="what">What the file is, for the message ("Data file", "Model file").</param>
    public static void Require(string path, string what)
    {
        if (Directory.Exists(path))
            MicroGradThrow.FileNotFound_Directory(what, path);
        if (!File.Exists(path))
            MicroGradThrow.FileNotFound_Missing(what, path);
    }

    /// <summary>The whole file, read once (a FIFO or <c>/dev/stdin</c> cannot be read twice) and bounded: a file, or a
    /// device that never ends (<c>/dev/zero</c>), longer than <paramref name="maxBytes"/> is refused before memory runs
    /// out.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a directory.</exception>
    /// <exception cref="InvalidDataException">The file holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static byte[] ReadAllBytes(string path, string what, long maxBytes)
    {
        Require(path, what);
        using var stream = File.OpenRead(path);
        if (stream.CanSeek && stream.Length > maxBytes)
            MicroGradThrow.InvalidData_FileTooLarge(what, path, maxBytes, Invariant($"{stream.Length:N0} bytes"));
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        for (int n; (n = stream.Read(chunk)) > 0;)
        {
            if (buffer.Length + n > maxBytes)
                MicroGradThrow.InvalidData_FileTooLarge(what, path, maxBytes, "more than that (it did not end)");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
