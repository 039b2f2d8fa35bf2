using MicroGrad.Data;

namespace MicroGrad.Tests.Data;

public class CsvChunksTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(1000)]
    public void Chunks_concatenate_to_what_read_returns(int rowsPerChunk)
    {
        // Oracle: CsvData.Read on the same file (the whole-file reader); only the grouping into chunks differs.
        var path = TestData.PathOf("longley.csv");
        var whole = CsvData.Read(path, "TOTEMP", ["GNP", "YEAR"]);
        var i = 0;
        foreach (var chunk in CsvData.ReadChunks(path, "TOTEMP", ["GNP", "YEAR"], rowsPerChunk))
        {
            Assert.Equal(["GNP", "YEAR"], chunk.FeatureNames);
            Assert.Equal(3, chunk.Width);
            Assert.True(chunk.Rows <= rowsPerChunk);
            for (var r = 0; r < chunk.Rows; r++, i++)
            {
                Assert.Equal(whole.Features[i][0], chunk.Values[r * 3]);
                Assert.Equal(whole.Features[i][1], chunk.Values[r * 3 + 1]);
                Assert.Equal(whole.Target[i], chunk.Values[r * 3 + 2]);
            }
        }
        Assert.Equal(whole.Target.Length, i);
    }

    [Fact]
    public void An_unknown_column_lists_the_columns()
    {
        var ex = Assert.Throws<DataFormatException>(() =>
        {
            foreach (var _ in CsvData.ReadChunks(TestData.PathOf("longley.csv"), "nope", null))
            {
            }
        });
        Assert.Contains("no column named 'nope'", ex.Message, StringComparison.Ordinal);
    }
}
