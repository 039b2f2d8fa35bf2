using MicroGrad.Cli.Training;

namespace MicroGrad.Tests.Cli;

public sealed class PredictionCsvTests
{
    [Fact]
    public void Cells_with_a_comma_a_quote_or_a_line_break_are_quoted_and_lines_end_in_a_line_feed()
    {
        // Oracle: RFC 4180 §2 rules 6 and 7 (quote such a field, double its quotes); the 0.1.0 writer's output.
        using var csv = new PredictionCsv();
        csv.WriteRow(["a,b", "say \"hi\"", "plain", "two\nlines"]);
        csv.WriteRow(["1", "", " x ", "cr\r"]);
        Assert.Equal("\"a,b\",\"say \"\"hi\"\"\",plain,\"two\nlines\"\n1,, x ,\"cr\r\"\n", csv.ToString());
    }

    [Fact]
    public void The_header_may_repeat_a_name()
    {
        using var csv = new PredictionCsv();
        csv.WriteRow(["prediction", "prediction"]);
        csv.WriteRow(["1", "2"]);
        Assert.Equal("prediction,prediction\n1,2\n", csv.ToString());
    }

    [Fact]
    public void A_row_narrower_than_the_header_is_refused()
    {
        using var csv = new PredictionCsv();
        csv.WriteRow(["a", "b"]);
        Assert.ThrowsAny<InvalidOperationException>(() => csv.WriteRow(["1"]));
    }
}
