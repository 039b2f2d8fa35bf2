using System.Globalization;
using nietras.SeparatedValues;

namespace MicroGrad.Cli.Training;

/// <summary>
/// Builds the text of <c>micrograd predict</c>'s CSV with Sep's writer: comma-separated, a cell holding a comma, a
/// quote or a line break quoted with its quotes doubled (RFC 4180), every row as wide as the header, and lines
/// ending in <c>\n</c> on every platform. The text is written out whole (to standard output or atomically to a file).
/// </summary>
internal sealed class PredictionCsv : IDisposable
{
    private readonly StringWriter _text = new(CultureInfo.InvariantCulture) { NewLine = "\n" };
    private readonly SepWriter _writer;

    // The header is written as a row by position: column names may repeat (a feature called "prediction").
    public PredictionCsv() =>
        _writer = Sep.New(',').Writer(o => o with { WriteHeader = false, Escape = true }).To(_text, leaveOpen: true);

    /// <summary>Writes one row (the header first, then one per prediction).</summary>
    /// <exception cref="InvalidOperationException">The row is not as wide as the first.</exception>
    public void WriteRow(IReadOnlyList<string> cells)
    {
        using var row = _writer.NewRow();
        for (var i = 0; i < cells.Count; i++)
            row[i].Set(cells[i]);
    }

    /// <summary>The CSV written so far.</summary>
    public override string ToString()
    {
        _writer.Flush();
        return _text.ToString();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _text.Dispose();
    }
}
