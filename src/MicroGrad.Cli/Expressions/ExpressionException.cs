using System.Globalization;

namespace MicroGrad.Cli.Expressions;

/// <summary>An expression that does not parse or cannot be evaluated; <see cref="Position"/> is the 0-based offset of
/// the offending character, so the message can point at it.</summary>
internal sealed class ExpressionException(string message, string text, int position) : Exception(message)
{
    /// <summary>The most characters of the expression echoed in <see cref="Describe"/>.</summary>
    public const int ExcerptLength = 80;

    private const int MaxTokenLength = 40;

    public string Text { get; } = text;

    public int Position { get; } = position;

    /// <summary>The message, at most <see cref="ExcerptLength"/> characters of the expression around the offending
    /// position, and a caret under it; a longer expression is cut with "..." and the message says where the
    /// position is, so a 60 KB expression gives a message of a few lines, not 120 KB.</summary>
    public string Describe()
    {
        var at = Math.Clamp(Position, 0, Text.Length);
        if (Text.Length <= ExcerptLength)
            return $"{Message}\n  {Clean(Text)}\n  {new string(' ', at)}^";
        var start = Math.Max(0, Math.Min(at - ExcerptLength / 2, Text.Length - ExcerptLength));
        var end = start + ExcerptLength;
        var before = start > 0 ? "..." : "";
        var after = end < Text.Length ? "..." : "";
        var where = string.Format(CultureInfo.InvariantCulture, " (at character {0:N0} of {1:N0})", at + 1, Text.Length);
        return $"{Message}{where}\n  {before}{Clean(Text[start..end])}{after}\n  {new string(' ', before.Length + at - start)}^";
    }

    /// <summary>A token (a name, a number) for a message, cut to a few dozen characters.</summary>
    public static string Shorten(string token) =>
        token.Length <= MaxTokenLength ? token : string.Concat(token.AsSpan(0, MaxTokenLength), "...");

    /// <summary>The message for a variable that <c>--set</c> gives no value.</summary>
    public static string NoValueMessage(string name)
    {
        var shown = Shorten(name);
        return $"Variable '{shown}' has no value: give it one with --set {shown}=NUMBER.";
    }

    // A tab or newline in the excerpt would move the text away from the caret.
    private static string Clean(string excerpt) =>
        string.Create(excerpt.Length, excerpt, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
                span[i] = char.IsControl(s[i]) ? ' ' : s[i];
        });
}
