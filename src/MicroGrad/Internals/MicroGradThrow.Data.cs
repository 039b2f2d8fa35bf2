using System.Diagnostics.CodeAnalysis;
using System.Globalization;

using MicroGrad.Data;

namespace MicroGrad;

// The data throws (MicroGrad.Data): data sets in memory, CSV files, the binary cache.
internal static partial class MicroGradThrow
{
    [DoesNotReturn]
    public static void Argument_TargetCount(string paramName, int rows, int targets) =>
        throw new ArgumentException(string.Create(s_c, $"Expected one target per row: {rows} rows but {targets} targets."), paramName);

    [DoesNotReturn]
    public static void Argument_RowWidth(string paramName, int row, int expected, int? actual) =>
        throw new ArgumentException(string.Create(s_c,
            $"Expected row {row} to have {expected} features, as every row (one per name); got {(actual is { } n ? n.ToString(s_c) : "null")}."),
            paramName);

    [DoesNotReturn]
    public static void Argument_ClassLabel(string paramName, int index, int actual, int classCount) =>
        throw new ArgumentException(string.Create(s_c, $"Expected a label in [0, {classCount}) at index {index}; got {actual}."), paramName);

    [DoesNotReturn]
    public static void InvalidOperation_NotBinary(int classCount) =>
        throw new InvalidOperationException(classCount == 0
            ? "Expected a classification for ±1 labels; got a data set without classes."
            : string.Create(s_c, $"Expected a binary data set for ±1 labels; got {classCount} classes."));

    [DoesNotReturn]
    public static void FileNotFound_Missing(string what, string path) =>
        throw new FileNotFoundException($"{what} {Format.Quote(path)} does not exist.", path);

    [DoesNotReturn]
    public static void FileNotFound_Directory(string what, string path) =>
        throw new FileNotFoundException($"{what} {Format.Quote(path)} is a directory, not a file.", path);

    [DoesNotReturn]
    public static void InvalidData_FileTooLarge(string what, string path, long maxBytes, string found) =>
        throw new InvalidDataException(System.FormattableString.Invariant(
            $"{what} {Format.Quote(path)}: expected at most {maxBytes >> 20} MiB ({maxBytes:N0} bytes) of JSON; found {found}."));

    [DoesNotReturn]
    public static void DataFormat_NotText(string path, int offset, string found) =>
        throw new DataFormatException(string.Create(s_c,
            $"{Format.Quote(path)} is not a text CSV file: expected UTF-8 text, found {found} at byte {offset + 1:N0}."), path);

    [DoesNotReturn]
    public static void InvalidOperation_MissingResource(string name) =>
        throw new InvalidOperationException($"The library was built without its embedded resource '{name}'.");

    [DoesNotReturn]
    public static void DataFormat_DuplicateColumn(string source, string name, int first, int second) =>
        throw new DataFormatException(
            string.Create(s_c, $"{source}, line 1: column names must be unique; found {Format.Quote(name)} as columns {first} and {second}."),
            source, 1, second, name);

    [DoesNotReturn]
    public static void DataFormat_DuplicateColumn(string source) =>
        throw new DataFormatException($"{source}, line 1: column names must be unique; found a name twice.", source, 1);

    [DoesNotReturn]
    public static void DataFormat_NoHeader(string source) =>
        throw new DataFormatException($"{source}: expected a header row of column names, found an empty file.", source, 1);

    [DoesNotReturn]
    public static void DataFormat_TargetAsFeature(string source, string name) =>
        throw new DataFormatException($"{source}: column {Format.Quote(name)} cannot be both the target and a feature.", source, 1, 0, name);

    [DoesNotReturn]
    public static void DataFormat_UnknownColumn(string source, string name, IReadOnlyList<string> columns) =>
        throw new DataFormatException($"{source}, line 1: no column named {Format.Quote(name)}; the columns are {Names(columns)}.", source, 1, 0, name);

    [DoesNotReturn]
    public static void DataFormat_NoFeatures(string source, string target) =>
        throw new DataFormatException($"{source}: no feature columns besides the target {Format.Quote(target)}.", source, 1, 0, target);

    /// <summary>Column names for a message: each quoted (<see cref="Format.Quote"/>), as many as fit in about two
    /// echoes' length, then how many more there are, so a header of 10,000 columns gives one line, not 100 KB.</summary>
    private static string Names(IReadOnlyList<string> names)
    {
        var shown = new List<string>();
        var length = 0;
        foreach (var name in names)
        {
            if (shown.Count > 0 && length > 2 * Format.EchoLength)
                break;
            var quoted = Format.Quote(name);
            shown.Add(quoted);
            length += quoted.Length + 2;
        }
        var rest = names.Count - shown.Count;
        return string.Join(", ", shown) + (rest > 0 ? string.Create(s_c, $" and {rest:N0} more") : "");
    }

    [DoesNotReturn]
    public static void DataFormat_NotANumber(string source, int line, int column, string columnName, ReadOnlySpan<char> cell)
    {
        var found = cell.IsEmpty ? "an empty cell" : Format.Quote(cell);
        if (cell.Contains(','))
            found += " (numbers use '.' for decimals and no thousands separator)";
        throw new DataFormatException($"{source}, line {line}, column {column} {Format.Quote(columnName)}: expected a finite number, found {found}.",
            source, line, column, columnName);
    }

    [DoesNotReturn]
    public static void DataFormat_CellCount(string source, int line, int expected, int actual) =>
        throw new DataFormatException(
            string.Create(s_c, $"{source}, line {line}: expected {expected} cells (as in the header), found {actual}."), source, line);

    [DoesNotReturn]
    public static void DataFormat_NoRows(string source) =>
        throw new DataFormatException($"{source}: expected at least one data row after the header, found none.", source, 2);

    [DoesNotReturn]
    public static void DataFormat_TooLarge(string source, string column) =>
        throw new DataFormatException(
            $"{source}: column {Format.Quote(column)} is too large to standardise (its mean, spread or a deviation from the mean overflows a double).",
            source, 0, 0, column);

    [DoesNotReturn]
    public static void Argument_NoFeatures(string paramName) =>
        throw new ArgumentException("Expected at least one column (feature); got none.", paramName);

    [DoesNotReturn]
    public static void IO_CacheInvalid(string path, string csvPath) =>
        throw new IOException($"The cache {Format.Quote(path)} written for {Format.Quote(csvPath)} failed validation right after it was written (was it replaced meanwhile?).");
}
