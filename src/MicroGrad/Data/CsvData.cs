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
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">No header, no data rows, an unknown or duplicate column, a row with
    /// the wrong number of cells, or a cell that is not a finite number.</exception>
    public static LabeledData Read(string path, string targetColumn, IReadOnlyList<string>? featureColumns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(targetColumn);
        using var reader = OpenFile(path);
        return Split(ReadColumns(reader, path, Select(reader.Header.ColNames, path, targetColumn, featureColumns)), targetColumn);
    }

    /// <summary>As <see cref="Read"/>, from CSV text.</summary>
    /// <param name="text">The CSV text, header first.</param>
    /// <param name="targetColumn">The header name of the target column.</param>
    /// <param name="featureColumns">The feature columns, or null for all columns but the target.</param>
    /// <param name="sourceName">How messages name the text.</param>
    public static LabeledData Parse(string text, string targetColumn, IReadOnlyList<string>? featureColumns = null, string sourceName = "<text>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(targetColumn);
        using var reader = Open(() => Sep.Reader(Configure).FromText(text), sourceName);
        return Split(ReadColumns(reader, sourceName, Select(reader.Header.ColNames, sourceName, targetColumn, featureColumns)), targetColumn);
    }

    /// <summary>Reads numeric columns of a CSV file: the listed ones in that order, or all of them.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">As for <see cref="Read"/>.</exception>
    public static NumericTable ReadTable(string path, IReadOnlyList<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = OpenFile(path);
        return ReadColumns(reader, path, columns);
    }

    /// <summary>The header names of a CSV file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is empty.</exception>
    public static IReadOnlyList<string> ReadHeader(string path)
    {
        using var reader = OpenFile(path);
        return [.. reader.Header.ColNames];
    }

    internal static DataFormatException UnknownColumn(string source, string name, IReadOnlyList<string> columns) =>
        new($"{source}, line 1: no column named '{name}'; the columns are {string.Join(", ", columns)}.", source, 1, 0, name);

    private static SepReaderOptions Configure(SepReaderOptions o) =>
        o with { HasHeader = true, Unescape = true, Trim = SepTrim.Outer, DisableColCountCheck = true, CultureInfo = CultureInfo.InvariantCulture };

    private static SepReader OpenFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        return Open(() => Sep.Reader(Configure).FromFile(path), path);
    }

    private static SepReader Open(Func<SepReader> open, string source)
    {
        SepReader reader;
        try
        {
            reader = open();
        }
        catch (ArgumentException ex)
        {
            // Sep rejects a header that names a column twice while it opens the file.
            throw new DataFormatException($"{source}, line 1: a column name appears twice in the header ({ex.Message.TrimEnd('.')}).", source, 1);
        }
        if (reader.Header.IsEmpty || reader.Header.ColNames.Count == 0)
        {
            reader.Dispose();
            throw new DataFormatException($"{source}: expected a header row of column names, found an empty file.", source, 1);
        }
        return reader;
    }

    private static List<string> Select(IReadOnlyList<string> header, string source, string target, IReadOnlyList<string>? features)
    {
        if (!Contains(header, target))
            throw UnknownColumn(source, target, header);
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
                    throw new DataFormatException($"{source}: column '{name}' cannot be both the target and a feature.", source, 1, 0, name);
                selected.Add(name);
            }
        }
        selected.Add(target);
        return selected;
    }

    private static LabeledData Split(NumericTable table, string target)
    {
        var k = table.ColumnNames.Count - 1;
        var features = new double[table.Rows.Length][];
        var y = new double[table.Rows.Length];
        for (var i = 0; i < features.Length; i++)
        {
            var row = table.Rows[i];
            features[i] = row[..k];
            y[i] = row[k];
        }
        var names = new string[k];
        for (var j = 0; j < k; j++)
            names[j] = table.ColumnNames[j];
        return new LabeledData(names, target, features, y, table.Source);
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

    /// <summary>The selected cells of one row as finite numbers (a clear <see cref="DataFormatException"/> otherwise).</summary>
    private static void ParseCells(SepReader.Row row, int[] indices, IReadOnlyList<string> header, string source, Span<double> values)
    {
        for (var c = 0; c < indices.Length; c++)
        {
            // Sep parses doubles with csFastFloat (several times double.TryParse's speed) but, like double.Parse, lets a
            // ',' pass as a thousands separator: "1,5" would read as 15. A comma is never part of a number here.
            var col = row[indices[c]];
            if (col.TryParse<double>() is not { } v || !double.IsFinite(v) || col.Span.Contains(','))
            {
                var cell = col.Span;
                var line = row.LineNumberFrom;
                var found = cell.IsEmpty ? "an empty cell" : $"'{cell}'";
                if (cell.Contains(','))
                    found += " (numbers use '.' for decimals and no thousands separator)";
                throw new DataFormatException(
                    $"{source}, line {line}, column {indices[c] + 1} '{header[indices[c]]}': expected a finite number, found {found}.",
                    source, line, indices[c] + 1, header[indices[c]]);
            }
            values[c] = v;
        }
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
                throw UnknownColumn(source, names[c], header);
        }
        return indices;
    }

    private static NumericTable ReadColumns(SepReader reader, string source, IReadOnlyList<string>? columns)
    {
        var header = reader.Header.ColNames;
        var names = columns ?? header;
        var indices = ColumnIndices(source, header, names);

        var rows = new List<double[]>();
        foreach (var row in reader)
        {
            // A blank last line is not a row; any other row must have as many cells as the header.
            if (row.ColCount == 1 && row.Span.IsWhiteSpace())
                continue;
            var line = row.LineNumberFrom;
            if (row.ColCount != header.Count)
                throw new DataFormatException(
                    $"{source}, line {line}: expected {header.Count} cells (as in the header), found {row.ColCount}.", source, line);
            var values = new double[indices.Length];
            ParseCells(row, indices, header, source, values);
            rows.Add(values);
        }
        if (rows.Count == 0)
            throw new DataFormatException($"{source}: expected at least one data row after the header, found none.", source, 2);
        return new NumericTable([.. names], [.. rows], source);
    }
}
