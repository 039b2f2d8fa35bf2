using System.Text;
using System.Globalization;

namespace MicroGrad.Cli.Commands;

/// <summary>
/// Reads the file of <c>predict --model</c> once, bounded, and hands its text to the library's readers
/// (<see cref="NN.ModelFile.FormatOf"/>, then the format's <c>Deserialize</c>): a FIFO or standard output of another
/// program (<c>/dev/stdin</c>) cannot be read twice, and a device that never ends (<c>/dev/zero</c>) must not be read
/// until memory runs out.
/// </summary>
internal static class ModelInput
{
    /// <summary>The largest model file read (256 MiB): far above any model this tool writes (a network of a million
    /// parameters is about 20 MiB of JSON), far below what would exhaust memory.</summary>
    internal const long MaxBytes = 256L << 20;

    /// <summary>The file's text (UTF-8; a leading byte-order mark is left for the library's readers to skip).</summary>
    /// <exception cref="CliException">Exit 2: the file is missing, a folder, or larger than <see cref="MaxBytes"/>.</exception>
    public static string Read(string path) => Read(path, MaxBytes);

    internal static string Read(string path, long maxBytes)
    {
        if (Directory.Exists(path))
            throw new CliException(ExitCodes.Input, $"Model file {Format.Quote(path)} is a directory, not a file.");
        if (!File.Exists(path))
            throw new CliException(ExitCodes.Input, $"Model file {Format.Quote(path)} does not exist.");
        using var stream = File.OpenRead(path);
        if (stream.CanSeek && stream.Length > maxBytes)
            throw TooLarge(path, maxBytes, $"{stream.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes");
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        for (int n; (n = stream.Read(chunk)) > 0;)
        {
            if (buffer.Length + n > maxBytes)
                throw TooLarge(path, maxBytes, "more than that (it did not end)");
            buffer.Write(chunk, 0, n);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static CliException TooLarge(string path, long maxBytes, string found) =>
        new(ExitCodes.Input,
            $"Model file {Format.Quote(path)}: expected at most {(maxBytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB " +
            $"({maxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes) of JSON; found {found}.");
}
