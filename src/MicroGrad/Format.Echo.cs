using System.Globalization;
using System.Text;

namespace MicroGrad;

// The user's own text in a message: bounded, one line, printable.
public static partial class Format
{
    /// <summary>The most characters of the user's input a message echoes (<see cref="Quote"/>, <see cref="Excerpt"/>).</summary>
    public const int EchoLength = 80;

    /// <summary>A piece of the user's input (a CSV cell, a column name, an option's value) as a message shows it:
    /// in single quotes, at most <see cref="EchoLength"/> of its characters (a longer text is cut with <c>...</c> and
    /// its length is given: <c>'xxxx...' (10,485,760 characters)</c>), control characters escaped (<c>\t</c>,
    /// <c>\n</c>, <c>\0</c>, <c>\u001B</c>) so that the message stays on one line and a binary file cannot send raw
    /// bytes to a terminal.</summary>
    public static string Quote(ReadOnlySpan<char> text)
    {
        if (text.Length <= EchoLength)
            return $"'{Escape(text, text.Length, out _)}'";
        // Not half of a surrogate pair (an emoji) at the cut.
        var shown = char.IsHighSurrogate(text[EchoLength - 1]) ? EchoLength - 1 : EchoLength;
        return string.Create(CultureInfo.InvariantCulture,
            $"'{Escape(text[..shown], shown, out _)}...' ({text.Length:N0} characters)");
    }

    /// <summary>At most <see cref="EchoLength"/> characters of <paramref name="text"/> around
    /// <paramref name="position"/> (a 0-based offset, clamped to the text), with <c>...</c> where the text is cut and
    /// control characters escaped as by <see cref="Quote"/>; <paramref name="caret"/> is the column of
    /// <paramref name="position"/> in the result, for a <c>^</c> under it.</summary>
    public static string Excerpt(ReadOnlySpan<char> text, int position, out int caret)
    {
        var at = Math.Clamp(position, 0, text.Length);
        var start = text.Length <= EchoLength ? 0 : Math.Max(0, Math.Min(at - EchoLength / 2, text.Length - EchoLength));
        var end = Math.Min(text.Length, start + EchoLength);
        // Neither end in the middle of a surrogate pair (an emoji), as in Quote.
        if (start > 0 && char.IsLowSurrogate(text[start]))
            start++;
        if (end < text.Length && char.IsLowSurrogate(text[end]))
            end--;
        var before = start > 0 ? "..." : "";
        var after = end < text.Length ? "..." : "";
        var shown = Escape(text[start..end], Math.Max(at - start, 0), out var column);
        caret = before.Length + column;
        return before + shown + after;
    }

    /// <summary><paramref name="text"/> with its control characters escaped; <paramref name="column"/> is where the
    /// character at <paramref name="index"/> lands once escaped.</summary>
    private static string Escape(ReadOnlySpan<char> text, int index, out int column)
    {
        column = index;
        if (text.IndexOfAnyInRange('\0', '\x1F') < 0 && text.IndexOfAnyInRange('\x7F', '\x9F') < 0)
            return text.ToString();
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            if (i == index)
                column = sb.Length;
            var c = text[i];
            _ = c switch
            {
                '\t' => sb.Append("\\t"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\0' => sb.Append("\\0"),
                _ when char.IsControl(c) => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => sb.Append(c),
            };
        }
        if (index >= text.Length)
            column = sb.Length;
        return sb.ToString();
    }
}
