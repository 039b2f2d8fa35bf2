namespace MicroGrad.Cli.Expressions;

/// <summary>An expression that does not parse or cannot be evaluated; <see cref="Position"/> is the 0-based offset of
/// the offending character, so the message can point at it.</summary>
internal sealed class ExpressionException(string message, string text, int position) : Exception(message)
{
    public string Text { get; } = text;

    public int Position { get; } = position;

    /// <summary>The message, the expression and a caret under the offending position.</summary>
    public string Describe() =>
        $"{Message}\n  {Text}\n  {new string(' ', Math.Clamp(Position, 0, Text.Length))}^";
}
