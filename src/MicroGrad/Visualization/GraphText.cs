using System.Text;

namespace MicroGrad.Visualization;

/// <summary>The text shown in a picture, the same in DOT and SVG: micrograd's <c>%.4f</c> numbers and the labels.</summary>
internal static class GraphText
{
    public static string Data(Value v) => "data " + Format.Fixed(v.Data, 4);

    public static string Grad(Value v) => "grad " + Format.Fixed(v.Grad, 4);

    /// <summary>The label text of a value: its <see cref="Value.Label"/> or empty, as in micrograd.</summary>
    public static string Label(Value v) => v.Label ?? "";

    /// <summary>
    /// Escapes <paramref name="text"/> for one field of a Graphviz record label inside a quoted DOT string:
    /// the record's specials <c>{ } | &lt; &gt;</c> and a backslash get a backslash (the record parser drops it and keeps
    /// the character), <c>"</c> becomes <c>\"</c> (the DOT string's only escape), a line break becomes <c>\n</c>, and
    /// other control characters become spaces.
    /// </summary>
    public static string EscapeRecordField(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '{' or '}' or '|' or '<' or '>' or '\\' or '"':
                    sb.Append('\\').Append(c);
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    break;
                default:
                    sb.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Escapes <paramref name="text"/> for a quoted DOT string that is not a record (an op name):
    /// <c>"</c> and backslash get a backslash, line breaks become <c>\n</c>.</summary>
    public static string EscapeDotString(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (c == '\n')
                sb.Append("\\n");
            else if (!char.IsControl(c))
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Replaces characters that XML 1.0 cannot hold (most control characters, lone surrogates) by U+FFFD,
    /// so that any label can be written into SVG.</summary>
    public static string XmlSafe(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsXmlChar(text, i))
            {
                firstBad = i;
                break;
            }
        }
        if (firstBad < 0)
            return text;
        var sb = new StringBuilder(text.Length).Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else
            {
                sb.Append(IsXmlChar(text, i) ? text[i] : '\uFFFD');
            }
        }
        return sb.ToString();
    }

    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        if (char.IsSurrogate(c))
        {
            return char.IsHighSurrogate(c)
                ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : i > 0 && char.IsHighSurrogate(text[i - 1]);
        }
        return c is '\t' or '\n' or '\r' or (>= ' ' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
    }
}
