using MicroGrad.Data;

namespace MicroGrad.Tests.Data;

public class CsvDataTests
{
    [Fact]
    public void Reads_longley_with_the_target_last_and_features_in_file_order()
    {
        // Oracle: the file itself (shared/data/longley.csv, first data line 83.0,234289.0,2356.0,1590.0,107608.0,1947.0,60323.0).
        var data = CsvData.Read(TestData.PathOf("longley.csv"), "TOTEMP");

        Assert.Equal(16, data.Count);
        Assert.Equal(["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"], data.FeatureNames);
        Assert.Equal("TOTEMP", data.TargetName);
        Assert.Equal([83.0, 234289.0, 2356.0, 1590.0, 107608.0, 1947.0], data.Features[0]);
        Assert.Equal(60323.0, data.Target[0]);
    }

    [Fact]
    public void Chosen_feature_columns_come_in_the_order_asked()
    {
        var data = CsvData.Parse("a,b,c,y\n1,2,3,4\n5,6,7,8\n", "y", ["c", "a"]);
        Assert.Equal(["c", "a"], data.FeatureNames);
        Assert.Equal([3.0, 1.0], data.Features[0]);
        Assert.Equal([7.0, 5.0], data.Features[1]);
        Assert.Equal([4.0, 8.0], data.Target);
    }

    [Fact]
    public void Reads_round_trip_doubles_exactly()
    {
        // The moons file holds shortest round-trip doubles; parsing must give the same bits as double.Parse.
        var data = CsvData.Read(TestData.PathOf("moons1337.csv"), "y");
        Assert.Equal(1.1221146075409685, data.Features[0][0]);
        Assert.Equal(0.08147717341718697, data.Features[0][1]);
        Assert.Equal(-1.0, data.Target[0]);
    }

    [Fact]
    public void A_non_numeric_cell_names_file_line_and_column()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse("x,y\n1,2\n3,abc\n", "y", sourceName: "data.csv"));
        Assert.Equal("data.csv, line 3, column 2 'y': expected a finite number, found 'abc'.", ex.Message);
        Assert.Equal(3, ex.Line);
        Assert.Equal(2, ex.Column);
    }

    [Fact]
    public void Empty_and_non_finite_cells_are_rejected()
    {
        var empty = Assert.Throws<DataFormatException>(() => CsvData.Parse("x,y\n,2\n", "y"));
        Assert.Contains("found an empty cell", empty.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<DataFormatException>(() => CsvData.Parse("x,y\nNaN,2\n", "y"));
        Assert.Contains("expected a finite number, found 'NaN'", nan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decimal_comma_is_rejected_not_read_as_a_thousands_separator()
    {
        // "1,5" in a semicolon-separated file is one and a half in a European locale; reading it as 15 would fit a
        // wrong model silently.
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse("x;y\n1,5;2\n", "y", sourceName: "eu.csv"));
        Assert.Contains("eu.csv, line 2, column 1 'x': expected a finite number, found '1,5'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'.' for decimals", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DataFormatException>(() => CsvData.Parse("x;y\n1,000;2\n", "y"));
    }

    [Fact]
    public void An_unknown_column_lists_the_columns_there_are()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse("x,y\n1,2\n", "target"));
        Assert.Contains("no column named 'target'; the columns are 'x', 'y'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_rejected_with_its_line()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse("x,y\n1,2\n3\n", "y"));
        Assert.Contains("line 3: expected 2 cells (as in the header), found 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_rows_is_rejected()
    {
        Assert.Throws<DataFormatException>(() => CsvData.Parse("x,y\n", "y"));
        Assert.Throws<DataFormatException>(() => CsvData.Parse("", "y"));
    }

    [Fact]
    public void A_missing_file_throws_FileNotFoundException()
    {
        Assert.Throws<FileNotFoundException>(() => CsvData.Read("/nonexistent/data.csv", "y"));
    }

    [Fact]
    public void Duplicate_column_names_are_rejected()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse("x,x,y\n1,2,3\n", "y"));
        Assert.Contains("column names must be unique; found 'x' as columns 1 and 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Semicolon_separated_files_and_quoted_headers_work()
    {
        var data = CsvData.Parse("\"a b\";y\n1.5;2\n", "y");
        Assert.Equal(["a b"], data.FeatureNames);
        Assert.Equal(1.5, data.Features[0][0]);
    }
}
