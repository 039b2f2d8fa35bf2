namespace MicroGrad.Cli.Training;

/// <summary>Writes comma-separated rows, quoting a cell that holds a comma, a quote or a line break (RFC 4180).</summary>
internal static class PredictionCsv
{
    public static void WriteRow(TextWriter writer, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
                writer.Write(',');
            writer.Write(Quote(cells[i]));
        }
        writer.Write('\n');
    }

    public static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
