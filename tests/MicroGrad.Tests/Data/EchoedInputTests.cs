using MicroGrad.Data;

namespace MicroGrad.Tests.Data;

/// <summary>Issue 15, item 11: a message echoes at most <see cref="Format.EchoLength"/> characters of what the user
/// gave (a cell, a header name, a column name asked for), on one line, whatever its size.</summary>
public class EchoedInputTests
{
    private const int MaxMessage = 400;

    [Fact]
    public void A_ten_megabyte_cell_is_echoed_as_its_first_80_characters_and_its_length()
    {
        var cell = new string('x', 10 << 20);
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse($"a,y\n1,2\n{cell},3\n", "y", sourceName: "big.csv"));
        Assert.Equal($"big.csv, line 3, column 1 'a': expected a finite number, found '{new string('x', 80)}...' (10,485,760 characters).", ex.Message);
    }

    [Fact]
    public void A_huge_header_name_is_echoed_bounded_in_the_list_of_columns()
    {
        var name = new string('h', 200_000);
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse($"a,{name},y\n1,2,3\n", "target"));
        Assert.True(ex.Message.Length < MaxMessage, ex.Message[..Math.Min(ex.Message.Length, 2000)]);
        Assert.Contains($"the columns are 'a', '{new string('h', 80)}...' (200,000 characters), 'y'.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_column_name_asked_for_is_echoed_bounded()
    {
        var name = new string('c', 1 << 20);
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse("a,y\n1,2\n", name));
        Assert.True(ex.Message.Length < MaxMessage, ex.Message[..Math.Min(ex.Message.Length, 2000)]);
        Assert.Contains("(1,048,576 characters)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_column_name_of_a_bad_cell_is_echoed_bounded()
    {
        var name = new string('n', 100_000);
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse($"{name},y\nabc,2\n", "y"));
        Assert.True(ex.Message.Length < MaxMessage, ex.Message[..Math.Min(ex.Message.Length, 2000)]);
    }

    [Fact]
    public void A_header_of_ten_thousand_columns_lists_a_few_and_counts_the_rest()
    {
        var header = string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"column{i}"));
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse(header + "\n" + string.Join(',', Enumerable.Repeat("1", 10_000)) + "\n", "y"));
        Assert.True(ex.Message.Length < MaxMessage, ex.Message[..Math.Min(ex.Message.Length, 2000)]);
        Assert.Matches(@"the columns are 'column0', 'column1', .* and 9,9\d\d more\.$", ex.Message);
    }

    [Fact]
    public void Control_characters_of_a_cell_are_escaped_so_the_message_stays_one_printable_line()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse("a,y\n\"1\n\u001b[31m\0\",2\n", "y", sourceName: "c.csv"));
        Assert.Equal(@"c.csv, line 2, column 1 'a': expected a finite number, found '1\n\u001B[31m\0'.", ex.Message);
    }

    [Fact]
    public void A_repeated_header_name_is_named_once_with_both_positions()
    {
        // Sep's own message quotes the whole header row, however long.
        var filler = string.Join(',', Enumerable.Range(0, 5_000).Select(i => $"c{i}"));
        var ex = Assert.Throws<DataFormatException>(() => CsvData.Parse($"a,{filler},a\n", "a", sourceName: "dup.csv"));
        Assert.Equal("dup.csv, line 1: column names must be unique; found 'a' as columns 1 and 5002.", ex.Message);
    }

    [Fact]
    public void Quote_does_not_cut_a_surrogate_pair_in_half()
    {
        var text = new string('a', 79) + "\ud83d\ude00" + new string('b', 100);
        Assert.Equal($"'{new string('a', 79)}...' (181 characters)", Format.Quote(text));
    }

    [Theory]
    [InlineData(100, 141)] // the window would start on the emoji's low surrogate
    [InlineData(119, 80)]  // the window would end between its two halves
    public void Excerpt_does_not_cut_a_surrogate_pair_in_half(int emojiAt, int position)
    {
        var text = new string('a', emojiAt) + "\ud83d\ude00" + new string('b', 200);
        var excerpt = Format.Excerpt(text, position, out _);
        for (var i = 0; i < excerpt.Length; i++)
        {
            if (char.IsHighSurrogate(excerpt[i]))
                Assert.True(i + 1 < excerpt.Length && char.IsLowSurrogate(excerpt[i + 1]), $"lone high surrogate at {i}");
            else if (char.IsLowSurrogate(excerpt[i]))
                Assert.True(i > 0 && char.IsHighSurrogate(excerpt[i - 1]), $"lone low surrogate at {i}");
        }
    }

    [Theory]
    [InlineData("abc", 1, "abc", 1)]
    [InlineData("a\tb", 2, @"a\tb", 3)]
    [InlineData("", 0, "", 0)]
    public void Excerpt_escapes_control_characters_and_keeps_the_caret_under_the_position(string text, int position, string expected, int caret)
    {
        Assert.Equal(expected, Format.Excerpt(text, position, out var column));
        Assert.Equal(caret, column);
    }

    [Fact]
    public void Excerpt_of_a_long_text_is_80_characters_around_the_position_with_ellipses()
    {
        var text = new string('a', 1000) + "!" + new string('b', 1000);
        var excerpt = Format.Excerpt(text, 1000, out var caret);
        Assert.Equal(80 + 6, excerpt.Length);
        Assert.Equal('!', excerpt[caret]);
        Assert.StartsWith("...", excerpt, StringComparison.Ordinal);
        Assert.EndsWith("...", excerpt, StringComparison.Ordinal);
    }
}
