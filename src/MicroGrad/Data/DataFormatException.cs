namespace MicroGrad.Data;

/// <summary>
/// A data file that cannot be used as it is: the message names the file, the line and the column, what was expected
/// and what was found (for example <c>data.csv, line 5, column 2 'GNP': expected a finite number, found 'abc'</c>).
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message (it already names the location).</param>
    /// <param name="source">The file name (or a description of the text) that was read.</param>
    /// <param name="line">1-based line number, or 0 when the problem is not on one line.</param>
    /// <param name="column">1-based column number, or 0 when the problem is not in one column.</param>
    /// <param name="columnName">The column's header name, when known.</param>
    public DataFormatException(string message, string source, int line = 0, int column = 0, string? columnName = null)
        : base(message)
    {
        SourceName = source;
        Line = line;
        Column = column;
        ColumnName = columnName;
    }

    /// <summary>Creates the exception with only a message.</summary>
    public DataFormatException()
        : this("The data is not in the expected format.", "")
    {
    }

    /// <summary>Creates the exception with only a message.</summary>
    public DataFormatException(string message)
        : this(message, "")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = "";
    }

    /// <summary>The file name (or a description of the text) that was read.</summary>
    public string SourceName { get; }

    /// <summary>1-based line number, or 0 when the problem is not on one line.</summary>
    public int Line { get; }

    /// <summary>1-based column number, or 0 when the problem is not in one column.</summary>
    public int Column { get; }

    /// <summary>The column's header name, when known.</summary>
    public string? ColumnName { get; }
}
