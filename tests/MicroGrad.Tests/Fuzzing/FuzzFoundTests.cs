using System.Text;
using MicroGrad.Cli.Expressions;
using MicroGrad.NN;

namespace MicroGrad.Tests.Fuzzing;

/// <summary>One plain test per defect the fuzzing found (the CSV reader's are in <c>Data/EchoedInputTests</c>:
/// unbounded cells and names, raw control characters, a duplicate header quoting the whole header row).</summary>
public class FuzzFoundTests
{
    private static readonly string Valid = File.ReadAllText(TestData.PathOf("model_v1_full.json"));

    [Fact]
    public void A_json_syntax_error_names_line_and_byte_with_a_short_excerpt_not_the_whole_broken_token()
    {
        // A quote deleted before a key turns the rest of the file into one string token, which the serializer's
        // message quoted whole, newlines and all (over 1 KB for a small model).
        var at = Valid.IndexOf("\"layerSizes\"", StringComparison.Ordinal);
        var broken = Valid.Remove(at, 1) + new string(' ', 2000);
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(broken), "'m.json'"));
        Assert.StartsWith("Model file 'm.json': is not valid JSON at line ", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 300, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_found_array_or_object_is_shown_on_one_line()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize("[\t1,\n 2\r\n]"));
        Assert.Equal(@"Model file (text): expected a JSON object at the top; found array [\t1,\n 2\r\n]", ex.Message);
    }

    [Fact]
    public void A_long_string_where_an_activation_belongs_is_echoed_bounded()
    {
        var json = Valid.Replace("\"tanh\"", "\"" + new string('r', 100_000) + "\"", StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(json));
        Assert.Contains("(100,000 characters)", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 300, ex.Message[..Math.Min(1000, ex.Message.Length)]);
    }

    [Theory]
    [InlineData("x + \u001b[2J", @"found '\u001B'")]
    [InlineData("x\0", @"found '\0'")]
    public void A_control_character_in_an_expression_is_escaped_in_the_message(string text, string found)
    {
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        var described = ex.Describe();
        Assert.Contains(found, described, StringComparison.Ordinal);
        Assert.DoesNotContain(described, c => char.IsControl(c) && c != '\n');
    }
}
