namespace MicroGrad.Data;

/// <summary>Numeric columns read from a CSV file, row by row (see <see cref="CsvData.ReadTable(string, IReadOnlyList{string}?)"/>).</summary>
/// <param name="ColumnNames">The columns' names, in the order of each row's values.</param>
/// <param name="Rows">One array per data row.</param>
/// <param name="Source">The file name (or a description of the text), for messages.</param>
public sealed record NumericTable(IReadOnlyList<string> ColumnNames, double[][] Rows, string Source)
{
    /// <summary>The values of one column, by name.</summary>
    /// <exception cref="DataFormatException">There is no such column; the message lists the columns there are.</exception>
    public double[] Column(string name)
    {
        var index = IndexOf(name);
        var values = new double[Rows.Length];
        for (var i = 0; i < Rows.Length; i++)
            values[i] = Rows[i][index];
        return values;
    }

    /// <summary>The position of a column, by name.</summary>
    /// <exception cref="DataFormatException">There is no such column; the message lists the columns there are.</exception>
    public int IndexOf(string name)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (ColumnNames[i] == name)
                return i;
        }
        MicroGradThrow.DataFormat_UnknownColumn(Source, name, ColumnNames);
        return -1;
    }
}
