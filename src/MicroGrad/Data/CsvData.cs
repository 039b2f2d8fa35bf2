using System.Globalization;
using nietras.SeparatedValues;

namespace MicroGrad.Data;

/// <summary>
/// Reads numeric data sets from CSV files with a header row (parsed by Sep; the separator is detected from the
/// header: comma, semicolon, tab, …). Every cell of a selected column must be a finite number in the invariant
/// culture; anything else fails with a <see cref="DataFormatException"/> naming the file, line and column.
/// </summary>
public static partial class CsvData
{
    /// <summary>Reads a labelled data set: the target column by name and, as features, the listed columns or
    /// (by default) every other column in file order.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="targetColumn">The header name of the target column.</param>
    /// <param name="featureColumns">The feature columns, or null for all columns but the target.</param>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a directory.</exception>
    /// <exception cref="DataFormatException">Not UTF-8 text (a NUL byte or invalid UTF-8 in the first 8 KB), no header,
    /// no data rows, no feature column besides the target, an unknown or duplicate column, a row with the wrong
    /// number of cells, or a cell that is not a finite number. Messages echo at most <see cref="Format.EchoLength"/>
    /// characters of a cell or a name (<see cref="Format.Quote"/>).</exception>
    public static Dataset Read(string path, string targetColumn, IReadOnlyList<string>? featureColumns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(targetColumn);
        using var reader = OpenFile(path);
        return ReadDataset(reader, path, targetColumn, featureColumns);
    }

    /// <summary>As <see cref="Read"/>, from CSV text.</summary>
    /// <param name="text">The CSV text, header first.</param>
    /// <param name="targetColumn">The header name of the target column.</param>
    /// <param name="featureColumns">The feature columns, or null for all columns but the target.</param>
    /// <param name="sourceName">How messages name the text.</param>
    public static Dataset Parse(string text, string targetColumn, IReadOnlyList<string>? featureColumns = null, string sourceName = "<text>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(targetColumn);
        using var reader = Open(o => o.FromText(text), sourceName, o => o.FromText(text));
        return ReadDataset(reader, sourceName, targetColumn, featureColumns);
    }

    /// <summary>Reads numeric columns of a CSV file: the listed ones in that order, or all of them.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a directory.</exception>
    /// <exception cref="DataFormatException">As for <see cref="Read"/>.</exception>
    public static NumericTable ReadTable(string path, IReadOnlyList<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = OpenFile(path);
        var names = columns ?? reader.Header.ColNames;
        var (rows, _) = ReadRows(reader, path, names, lastIsTarget: false);
        return new NumericTable([.. names], rows, path);
    }

    /// <summary>The header names of a CSV file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a directory.</exception>
    /// <exception cref="DataFormatException">The file is empty.</exception>
    public static IReadOnlyList<string> ReadHeader(string path)
    {
        using var reader = OpenFile(path);
        return [.. reader.Header.ColNames];
    }

    private static SepReaderOptions Configure(SepReaderOptions o) =>
        o with { HasHeader = true, Unescape = true, Trim = SepTrim.Outer, DisableColCountCheck = true, CultureInfo = CultureInfo.InvariantCulture };

    private static SepReader OpenFile(string path)
    {
        InputFile.Require(path, "Data file");
        var stream = File.OpenRead(path);
        try
        {
            // A pipe cannot be read twice: its text is not checked first, and a repeated header name is not named.
            if (!stream.CanSeek)
                return Open(o => o.From(stream), path, reopen: null);
            RequireText(stream, path);
            stream.Position = 0;
            return Open(o => o.From(stream), path, o => o.From(File.OpenRead(path)));
        }
        catch
        {
            // The reader owns the stream once it opened; until then (or when it failed to), the stream is ours.
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The most bytes <see cref="RequireText"/> reads: git and grep also decide "binary" from a file's start.</summary>
    private const int TextCheckBytes = 8192;

    /// <summary>Refuses a file that is not UTF-8 text (a program, an image, a spreadsheet, a Latin-1 export) from its
    /// first <see cref="TextCheckBytes"/> bytes, before a message could echo its bytes as column names. A byte-order
    /// mark of UTF-16 or UTF-32 means text in that encoding, which the reader decodes.</summary>
    private static void RequireText(Stream stream, string path)
    {
        Span<byte> head = stackalloc byte[TextCheckBytes];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ||
            head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
            return;
        var nul = head.IndexOf((byte)0);
        if (nul >= 0)
            MicroGradThrow.DataFormat_NotText(path, nul, "a NUL byte");
        Span<char> chars = stackalloc char[TextCheckBytes];
        var status = System.Text.Unicode.Utf8.ToUtf16(head, chars, out var read, out _, replaceInvalidSequences: false,
            isFinalBlock: n < TextCheckBytes);
        if (status == System.Buffers.OperationStatus.InvalidData)
            MicroGradThrow.DataFormat_NotText(path, read, string.Create(CultureInfo.InvariantCulture, $"byte 0x{head[read]:X2}, which is not UTF-8"));
    }

    /// <param name="open">Opens the reader from Sep's options.</param>
    /// <param name="source">How messages name the text.</param>
    /// <param name="reopen">Opens the text again from its start (null when it cannot be read twice), to name a
    /// repeated header name.</param>
    private static SepReader Open(Func<SepReaderOptions, SepReader> open, string source, Func<SepReaderOptions, SepReader>? reopen)
    {
        SepReader? reader = null;
        try
        {
            reader = open(Sep.Reader(Configure));
        }
        catch (ArgumentException)
        {
            // Sep rejects a header that names a column twice while it opens the file; its message quotes the whole
            // header row, so the repeated name is found here from the header's cells.
            if (reopen is not null)
            {
                using var raw = reopen(Sep.Reader(o => Configure(o) with { HasHeader = false }));
                ThrowDuplicate(raw, source);
            }
            MicroGradThrow.DataFormat_DuplicateColumn(source);
        }
        if (reader.Header.IsEmpty || reader.Header.ColNames.Count == 0)
        {
            reader.Dispose();
            MicroGradThrow.DataFormat_NoHeader(source);
        }
        return reader;
    }

    private static void ThrowDuplicate(SepReader raw, string source)
    {
        if (!raw.MoveNext())
            return;
        var row = raw.Current;
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < row.ColCount; c++)
        {
            var name = row[c].ToString();
            if (!first.TryAdd(name, c))
                MicroGradThrow.DataFormat_DuplicateColumn(source, name, first[name] + 1, c + 1);
        }
    }

    private static List<string> Select(IReadOnlyList<string> header, string source, string target, IReadOnlyList<string>? features)
    {
        if (!Contains(header, target))
            MicroGradThrow.DataFormat_UnknownColumn(source, target, header);
        var selected = new List<string>();
        if (features is null)
        {
            foreach (var name in header)
            {
                if (name != target)
                    selected.Add(name);
            }
        }
        else
        {
            foreach (var name in features)
            {
                if (name == target)
                    MicroGradThrow.DataFormat_TargetAsFeature(source, name);
                selected.Add(name);
            }
        }
        if (selected.Count == 0 && features is null)
            MicroGradThrow.DataFormat_NoFeatures(source, target);
        selected.Add(target);
        return selected;
    }

    /// <summary>Reads the selected feature columns and the target straight into the data set's arrays (no copy).</summary>
    private static Dataset ReadDataset(SepReader reader, string source, string target, IReadOnlyList<string>? features)
    {
        var names = Select(reader.Header.ColNames, source, target, features);
        var (rows, y) = ReadRows(reader, source, names, lastIsTarget: true);
        return new Dataset(names.GetRange(0, names.Count - 1).ToArray(), target, rows, y!, source);
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        foreach (var n in names)
        {
            if (n == name)
                return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="row"/> holds data: false for a blank line (a blank last line is not a row);
    /// any other row must have as many cells as the header.</summary>
    private static bool IsDataRow(SepReader.Row row, int headerCount, string source)
    {
        if (row.ColCount == 1 && row.Span.IsWhiteSpace())
            return false;
        if (row.ColCount != headerCount)
            MicroGradThrow.DataFormat_CellCount(source, row.LineNumberFrom, headerCount, row.ColCount);
        return true;
    }

    /// <summary>The selected cells of one row as finite numbers (a clear <see cref="DataFormatException"/> otherwise).</summary>
    private static void ParseCells(SepReader.Row row, ReadOnlySpan<int> indices, IReadOnlyList<string> header, string source, Span<double> values)
    {
        for (var c = 0; c < indices.Length; c++)
            values[c] = ParseCell(row, indices[c], header, source);
    }

    private static double ParseCell(SepReader.Row row, int index, IReadOnlyList<string> header, string source)
    {
        // Sep parses doubles with csFastFloat (several times double.TryParse's speed) but, like double.Parse, lets a
        // ',' pass as a thousands separator: "1,5" would read as 15. A comma is never part of a number here.
        var col = row[index];
        var v = col.TryParse<double>() ?? double.NaN;
        if (!double.IsFinite(v) || col.Span.Contains(','))
            MicroGradThrow.DataFormat_NotANumber(source, row.LineNumberFrom, index + 1, header[index], col.Span);
        return v;
    }

    /// <summary>The header position of each of <paramref name="names"/>.</summary>
    /// <exception cref="DataFormatException">A name is not in the header; the message lists the columns there are.</exception>
    private static int[] ColumnIndices(string source, IReadOnlyList<string> header, IReadOnlyList<string> names)
    {
        var indices = new int[names.Count];
        for (var c = 0; c < names.Count; c++)
        {
            indices[c] = -1;
            for (var h = 0; h < header.Count; h++)
            {
                if (header[h] == names[c])
                    indices[c] = h;
            }
            if (indices[c] < 0)
                MicroGradThrow.DataFormat_UnknownColumn(source, names[c], header);
        }
        return indices;
    }

    /// <summary>Every data row's selected columns; with <paramref name="lastIsTarget"/>, the last selected column goes
    /// to its own array (the target) and the rows hold the others.</summary>
    private static (double[][] Rows, double[]? Target) ReadRows(SepReader reader, string source, IReadOnlyList<string> names, bool lastIsTarget)
    {
        var header = reader.Header.ColNames;
        var indices = ColumnIndices(source, header, names);
        var width = lastIsTarget ? indices.Length - 1 : indices.Length;
        var rows = new List<double[]>();
        var target = lastIsTarget ? new List<double>() : null;
        foreach (var row in reader)
        {
            if (!IsDataRow(row, header.Count, source))
                continue;
            var values = new double[width];
            ParseCells(row, indices.AsSpan(0, width), header, source, values);
            target?.Add(ParseCell(row, indices[width], header, source));
            rows.Add(values);
        }
        if (rows.Count == 0)
            MicroGradThrow.DataFormat_NoRows(source);
        return ([.. rows], target?.ToArray());
    }
}
