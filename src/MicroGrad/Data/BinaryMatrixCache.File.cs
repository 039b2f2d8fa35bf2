using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;

namespace MicroGrad.Data;

// The file itself: validating and reading an existing cache, and building a new one from the CSV (header, blocks).
internal sealed unsafe partial class BinaryMatrixCache
{
    private sealed record Header(long DataOffset, long Rows, int Width, int BlockRows, string[] Names);

    /// <summary>The cache at <paramref name="path"/> if it exists and validates against <paramref name="key"/>, else null.</summary>
    private static BinaryMatrixCache? TryOpen(string path, string key, bool built, long windowBytes)
    {
        FileStream stream;
        try
        {
            // FileShare.Delete: another process may rename a rebuilt cache over this path while we hold it.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        try
        {
            var header = ReadHeader(stream, key);
            if (header is null)
            {
                stream.Dispose();
                return null;
            }
            // Validation and mapping use the same handle: a concurrent rename cannot slip another file in between.
            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            return new BinaryMatrixCache(path, built, file, header, windowBytes);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static Header? ReadHeader(FileStream stream, string key)
    {
        var length = stream.Length;
        Span<byte> fixedPart = stackalloc byte[36];
        if (length < Alignment || stream.ReadAtLeast(fixedPart, fixedPart.Length, throwOnEndOfStream: false) < fixedPart.Length)
            return null;
        if (!fixedPart[..8].SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(fixedPart[8..]) != FormatVersion)
            return null;
        var dataOffset = BinaryPrimitives.ReadInt64LittleEndian(fixedPart[12..]);
        var rows = BinaryPrimitives.ReadInt64LittleEndian(fixedPart[20..]);
        var width = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[28..]);
        var blockRows = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[32..]);
        if (dataOffset < Alignment || dataOffset % Alignment != 0 || dataOffset > Math.Min(length, MaxHeaderBytes) || rows <= 0 || width < 2 ||
            width > 1 << 16 || blockRows <= 0 || (long)blockRows * width > int.MaxValue ||
            rows > (length - dataOffset) / width / sizeof(double) || length != dataOffset + rows * width * sizeof(double))
            return null;
        var rest = new byte[dataOffset - fixedPart.Length];
        stream.ReadExactly(rest);
        var position = 0;
        if (ReadString(rest, ref position) != key)
            return null;
        var names = new string[width];
        for (var c = 0; c < width; c++)
        {
            if (ReadString(rest, ref position) is not { } name)
                return null;
            names[c] = name;
        }
        return new Header(dataOffset, rows, width, blockRows, names);
    }

    private static string? ReadString(ReadOnlySpan<byte> bytes, ref int position)
    {
        if (position + 4 > bytes.Length)
            return null;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
        if (count < 0 || count > bytes.Length - position - 4)
            return null;
        var s = Encoding.UTF8.GetString(bytes.Slice(position + 4, count));
        position += 4 + count;
        return s;
    }

    private static void WriteString(Stream stream, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(count, bytes.Length);
        stream.Write(count);
        stream.Write(bytes);
    }

    /// <summary>One streaming parse of the CSV into the cache file, atomically (temporary file, then rename).</summary>
    private static void Build(string path, string csvPath, string key, string targetColumn, IReadOnlyList<string>? featureColumns, int blockRows)
    {
        AtomicFile.Write(path, stream =>
        {
            long rows = 0;
            var width = 0;
            double[] block = [];
            foreach (var chunk in CsvData.ReadChunks(csvPath, targetColumn, featureColumns, blockRows))
            {
                var k = chunk.Width - 1;
                if (rows == 0)
                {
                    if (chunk.Width < 2)
                        MicroGradThrow.Argument_NoFeatures(nameof(featureColumns));
                    width = chunk.Width;
                    block = new double[blockRows * width];
                    WriteHeader(stream, key, width, blockRows, [.. chunk.FeatureNames, chunk.TargetName]);
                }
                // Row-major [x | y] becomes the block's layout: all its rows' features, then all its targets.
                var values = chunk.Values;
                var m = chunk.Rows;
                for (var i = 0; i < m; i++)
                {
                    values.Slice(i * width, k).CopyTo(block.AsSpan(i * k, k));
                    block[m * k + i] = values[i * width + k];
                }
                stream.Write(MemoryMarshal.AsBytes(block.AsSpan(0, m * width)));
                rows += m;
            }
            Span<byte> count = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(count, rows);
            stream.Position = 20;
            stream.Write(count);
        });
    }

    private static void WriteHeader(Stream stream, string key, int width, int blockRows, string[] names)
    {
        using var variable = new MemoryStream();
        WriteString(variable, key);
        foreach (var name in names)
            WriteString(variable, name);
        var dataOffset = (36 + variable.Length + Alignment - 1) / Alignment * Alignment;
        Span<byte> fixedPart = stackalloc byte[36];
        Magic.CopyTo(fixedPart);
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart[8..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[12..], dataOffset);
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[20..], 0); // rows: written once the parse has finished
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart[28..], width);
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart[32..], blockRows);
        stream.Write(fixedPart);
        variable.Position = 0;
        variable.CopyTo(stream);
        stream.Write(new byte[dataOffset - 36 - variable.Length]);
    }
}
