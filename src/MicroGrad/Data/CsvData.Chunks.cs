using nietras.SeparatedValues;

namespace MicroGrad.Data;

public static partial class CsvData
{
    /// <summary>Default rows per chunk of <see cref="ReadChunks"/>: 65,536 (4.5 MB of doubles for 9 columns).</summary>
    internal const int DefaultChunkRows = 1 << 16;

    /// <summary>
    /// Streams a labelled CSV file in chunks of row-major doubles without holding the file: each chunk has up to
    /// <paramref name="rowsPerChunk"/> rows of the feature columns followed by the target (as <see cref="Read"/>
    /// selects them). The chunk's buffer is reused: it is valid until the enumeration moves on. Same checks and
    /// messages as <see cref="Read"/> (file, line and column of a bad cell, wherever it is).
    /// </summary>
    internal static IEnumerable<CsvChunk> ReadChunks(string path, string targetColumn, IReadOnlyList<string>? featureColumns,
        int rowsPerChunk = DefaultChunkRows)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(targetColumn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerChunk);
        using var reader = OpenFile(path);
        var header = reader.Header.ColNames;
        var names = Select(header, path, targetColumn, featureColumns);
        var indices = ColumnIndices(path, header, names);
        var width = names.Count;
        var buffer = new double[rowsPerChunk * width];
        var featureNames = names.GetRange(0, width - 1).ToArray();
        var rows = 0;
        long total = 0;
        foreach (var row in reader)
        {
            if (!IsDataRow(row, header.Count, path))
                continue;
            ParseCells(row, indices, header, path, buffer.AsSpan(rows * width, width));
            if (++rows == rowsPerChunk)
            {
                total += rows;
                yield return new CsvChunk(featureNames, targetColumn, buffer, rows, width);
                rows = 0;
            }
        }
        total += rows;
        if (total == 0)
            MicroGradThrow.DataFormat_NoRows(path);
        if (rows > 0)
            yield return new CsvChunk(featureNames, targetColumn, buffer, rows, width);
    }
}

/// <summary>One chunk of <see cref="CsvData.ReadChunks"/>: <see cref="Rows"/> rows of <see cref="Width"/> values
/// (features, then the target), row-major in <see cref="Values"/>.</summary>
internal readonly record struct CsvChunk(string[] FeatureNames, string TargetName, double[] Buffer, int Rows, int Width)
{
    /// <summary>The chunk's values, row-major.</summary>
    public ReadOnlySpan<double> Values => Buffer.AsSpan(0, Rows * Width);
}
