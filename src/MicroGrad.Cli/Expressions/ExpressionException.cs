using System.Globalization;

namespace MicroGrad.Cli.Expressions;

/// <summary>An expression that does not parse or cannot be evaluated; <see cref="Position"/> is the 0-based offset of
/// the offending character, so the message can point at it.</summary>
internal sealed class ExpressionException(string message, string text, int position) : Exception(message)
{
    public string Text { get; } = text;

    public int Position { get; } = position;

    /// <summary>The message, at most <see cref="Format.EchoLength"/> characters of the expression around the offending
    /// position (<see cref="Format.Excerpt"/>), and a caret under it; for a longer expression the message says where
    /// the position is, so a 60 KB expression gives a message of a few lines, not 120 KB.</summary>
    public string Describe()
    {
        var excerpt = Format.Excerpt(Text, Position, out var caret);
        var where = Text.Length <= Format.EchoLength
            ? ""
            : string.Format(CultureInfo.InvariantCulture, " (at character {0:N0} of {1:N0})", Math.Clamp(Position, 0, Text.Length) + 1, Text.Length);
        return $"{Message}{where}\n  {excerpt}\n  {new string(' ', caret)}^";
    }

    /// <summary>The message for a variable that <c>--set</c> gives no value.</summary>
    public static string NoValueMessage(string name)
    {
        // A name is letters, digits and '_', so a short one needs no escaping.
        var example = name.Length <= Format.EchoLength ? name : "NAME";
        return $"Variable {Format.Quote(name)} has no value: give it one with --set {example}=NUMBER.";
    }
}
