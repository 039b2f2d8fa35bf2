using System.Globalization;
using System.Text;
using MicroGrad.Data;

namespace MicroGrad.Tests.Data;

public sealed class BinaryMatrixCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("micrograd-cache-test-").FullName;

    private string Folder => Path.Combine(_dir, "cache");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A CSV of n rows a,b,y with values that print in 9 characters (so a cell can be overwritten in place).</summary>
    private string WriteCsv(string name, int n)
    {
        var path = Path.Combine(_dir, name);
        var sb = new StringBuilder("a,b,y\n");
        for (var i = 0; i < n; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{1000 + i:D4}.1250,{(i * 7) % 13:D4}.5000,{2 * i + 1:D4}.2500\n");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>Oracle: CsvData.Read of the same CSV (the whole-file reader); the cache must hold exactly its doubles.</summary>
    private static void AssertHolds(BinaryMatrixCache cache, Dataset expected)
    {
        Assert.Equal(expected.Target.Length, cache.Rows);
        Assert.Equal(expected.FeatureNames, cache.FeatureNames);
        Assert.Equal(expected.TargetName, cache.TargetName);
        var k = cache.FeatureCount;
        var i = 0;
        for (var block = 0; block < cache.BlockCount; block++)
        {
            cache.Block(block, out var x, out var y);
            Assert.Equal(cache.RowsOf(block), y.Length);
            for (var r = 0; r < y.Length; r++, i++)
            {
                for (var j = 0; j < k; j++)
                    Assert.Equal(expected.Features[i][j], x[r * k + j]);
                Assert.Equal(expected.Target[i], y[r]);
            }
        }
        Assert.Equal(expected.Target.Length, i);
    }

    [Theory]
    [InlineData(1, 1L)]
    [InlineData(5, 1L)]
    [InlineData(5, 1L << 20)]
    [InlineData(7, 300L)]
    [InlineData(1000, 1L << 20)]
    public void Blocks_hold_what_csv_read_returns_across_mapping_windows(int blockRows, long windowBytes)
    {
        // windowBytes = 1 maps one block at a time, 300 two blocks of 7 rows × 3 doubles (168 bytes each).
        var path = TestData.PathOf("longley.csv");
        using var cache = BinaryMatrixCache.Open(path, "TOTEMP", ["GNP", "YEAR", "POP"], Folder, blockRows, windowBytes);
        Assert.True(cache.Built);
        AssertHolds(cache, CsvData.Read(path, "TOTEMP", ["GNP", "YEAR", "POP"]));
        // Reading the blocks backwards remaps earlier windows.
        cache.Block(0, out var x0, out _);
        Assert.Equal(CsvData.Read(path, "TOTEMP", ["GNP", "YEAR", "POP"]).Features[0][0], x0[0]);
    }

    [Fact]
    public void A_second_open_reuses_the_file_without_parsing_the_csv()
    {
        var path = WriteCsv("data.csv", 50);
        var expected = CsvData.Read(path, "y");
        using (var first = BinaryMatrixCache.Open(path, "y", null, Folder, 16))
            Assert.True(first.Built);
        // Make the CSV unparsable without changing its size or time: a parse now fails, a reuse does not.
        var time = File.GetLastWriteTimeUtc(path);
        var text = File.ReadAllText(path).Replace("1003.1250", "10x3.1250", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, time);
        Assert.Throws<DataFormatException>(() => CsvData.Read(path, "y"));
        using var second = BinaryMatrixCache.Open(path, "y", null, Folder, 16);
        Assert.False(second.Built);
        AssertHolds(second, expected);
        Assert.Single(Directory.GetFiles(Folder));
    }

    [Fact]
    public void A_csv_changed_since_the_cache_was_written_rebuilds_it()
    {
        var path = WriteCsv("data.csv", 40);
        using (var first = BinaryMatrixCache.Open(path, "y", null, Folder, 16))
            Assert.Equal(40, first.Rows);
        File.AppendAllText(path, "1.5,2.5,3.5\n");
        using (var grown = BinaryMatrixCache.Open(path, "y", null, Folder, 16))
        {
            Assert.True(grown.Built);
            AssertHolds(grown, CsvData.Read(path, "y"));
        }
        // Same size, new time (a touch): rebuilt too, since the key cannot tell an edit from a touch.
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        using (var touched = BinaryMatrixCache.Open(path, "y", null, Folder, 16))
            Assert.True(touched.Built);
        Assert.Single(Directory.GetFiles(Folder));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("extra byte")]
    [InlineData("magic")]
    [InlineData("version")]
    [InlineData("rows")]
    [InlineData("data offset")]
    [InlineData("key")]
    [InlineData("garbage")]
    public void A_corrupt_cache_is_rebuilt_not_trusted(string damage)
    {
        var path = WriteCsv("data.csv", 30);
        string file;
        using (var first = BinaryMatrixCache.Open(path, "y", null, Folder, 8))
            file = first.FilePath;
        var bytes = File.ReadAllBytes(file);
        bytes = damage switch
        {
            "empty" => [],
            "truncated" => bytes[..^8],
            "extra byte" => [.. bytes, 0],
            "magic" => Poke(bytes, 0, 0x58),
            "version" => Poke(bytes, 8, 2),
            "rows" => Poke(bytes, 20, 31),
            "data offset" => Poke(bytes, 18, 0x7f),
            "key" => Poke(bytes, 40, (byte)'#'),
            _ => Garbage(bytes.Length),
        };
        File.WriteAllBytes(file, bytes);
        using var reopened = BinaryMatrixCache.Open(path, "y", null, Folder, 8);
        Assert.True(reopened.Built);
        AssertHolds(reopened, CsvData.Read(path, "y"));
    }

    private static byte[] Poke(byte[] bytes, int offset, byte value)
    {
        bytes[offset] = value;
        return bytes;
    }

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(11).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void A_bad_cell_names_file_line_and_column_and_leaves_no_cache_behind()
    {
        var path = WriteCsv("bad.csv", 100);
        File.AppendAllText(path, "1.0,oops,2.0\n");
        var ex = Assert.Throws<DataFormatException>(() => BinaryMatrixCache.Open(path, "y", null, Folder, 16));
        Assert.Equal(path, ex.SourceName);
        Assert.Equal(102, ex.Line);
        Assert.Equal(2, ex.Column);
        Assert.Equal("b", ex.ColumnName);
        Assert.Empty(Directory.GetFiles(Folder));
    }

    [Fact]
    public void Other_columns_of_the_same_csv_get_their_own_cache()
    {
        var path = WriteCsv("data.csv", 20);
        using var all = BinaryMatrixCache.Open(path, "y", null, Folder, 16);
        using var one = BinaryMatrixCache.Open(path, "y", ["b"], Folder, 16);
        Assert.True(one.Built);
        Assert.NotEqual(all.FilePath, one.FilePath);
        AssertHolds(one, CsvData.Read(path, "y", ["b"]));
    }

    [Fact]
    public void A_file_with_no_feature_column_is_a_data_error()
    {
        var path = Path.Combine(_dir, "y.csv");
        File.WriteAllText(path, "y\n1\n2\n");
        Assert.Throws<DataFormatException>(() => BinaryMatrixCache.Open(path, "y", null, Folder));
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_cache_folder_is_created_private_to_its_owner()
    {
        var path = WriteCsv("private.csv", 5);
        using (BinaryMatrixCache.Open(path, "y", null, Folder))
        {
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Folder));
    }
}
