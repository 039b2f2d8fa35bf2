using System.Globalization;

namespace MicroGrad.Cli.Expressions;

/// <summary>
/// A parsed arithmetic expression over named variables: numbers, variables, <c>+ - * /</c>, <c>**</c> or <c>^</c>
/// (right-associative, binding tighter than unary minus as in Python: <c>-x**2 = -(x**2)</c>), unary minus,
/// parentheses, and the functions <c>exp log tanh relu sigmoid</c>. <see cref="Build"/> turns it into a
/// <see cref="Value"/> graph, one op per operator, so the graph is exactly what the text says.
/// </summary>
internal abstract record Expression(int Position)
{
    public static readonly IReadOnlyList<string> Functions = ["exp", "log", "tanh", "relu", "sigmoid"];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression; the position points at the problem.</exception>
    public static Expression Parse(string text) => new ExpressionParser(text).ParseAll();

    /// <summary>Builds the graph, taking each variable's leaf from <paramref name="variables"/>.</summary>
    public abstract Value Build(IReadOnlyDictionary<string, Value> variables, string text);

    /// <summary>The variables in order of first appearance.</summary>
    public IReadOnlyList<string> Variables()
    {
        var names = new List<string>();
        Collect(names);
        return names;
    }

    internal abstract void Collect(List<string> names);
}

internal sealed record NumberExpression(int Position, double Number) : Expression(Position)
{
    public override Value Build(IReadOnlyDictionary<string, Value> variables, string text) => new(Number);

    internal override void Collect(List<string> names)
    {
    }
}

internal sealed record VariableExpression(int Position, string Name) : Expression(Position)
{
    public override Value Build(IReadOnlyDictionary<string, Value> variables, string text) =>
        variables.TryGetValue(Name, out var v)
            ? v
            : throw new ExpressionException($"Variable '{Name}' has no value: give it one with --set {Name}=NUMBER.", text, Position);

    internal override void Collect(List<string> names)
    {
        if (!names.Contains(Name))
            names.Add(Name);
    }
}

internal sealed record UnaryExpression(int Position, string Op, Expression Operand) : Expression(Position)
{
    public override Value Build(IReadOnlyDictionary<string, Value> variables, string text)
    {
        var a = Operand.Build(variables, text);
        return Op switch
        {
            "-" => -a,
            "exp" => a.Exp(),
            "log" => a.Log(),
            "tanh" => a.Tanh(),
            "relu" => a.Relu(),
            "sigmoid" => a.Sigmoid(),
            _ => throw new ExpressionException($"Unknown function '{Op}'.", text, Position),
        };
    }

    internal override void Collect(List<string> names) => Operand.Collect(names);
}

internal sealed record BinaryExpression(int Position, char Op, Expression Left, Expression Right) : Expression(Position)
{
    public override Value Build(IReadOnlyDictionary<string, Value> variables, string text)
    {
        var a = Left.Build(variables, text);
        // A constant exponent is micrograd's `**c` (one operand); any other exponent is a Value that gets a gradient.
        if (Op == '^' && ConstantOf(Right) is { } exponent)
            return a.Pow(exponent);
        var b = Right.Build(variables, text);
        return Op switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            '/' => a / b,
            _ => a.Pow(b),
        };
    }

    internal override void Collect(List<string> names)
    {
        Left.Collect(names);
        Right.Collect(names);
    }

    private static double? ConstantOf(Expression e) => e switch
    {
        NumberExpression n => n.Number,
        UnaryExpression { Op: "-", Operand: NumberExpression n } => -n.Number,
        _ => null,
    };
}

/// <summary>Recursive descent over the grammar in <see cref="Expression"/>. Nesting depth is limited so that a
/// pathological input is an error message, not a stack overflow.</summary>
internal sealed class ExpressionParser(string text)
{
    private const int MaxDepth = 200;
    private int _pos;
    private int _depth;

    public Expression ParseAll()
    {
        SkipSpace();
        if (_pos >= text.Length)
            throw Error("Expected an expression, found nothing.");
        var e = ParseSum();
        SkipSpace();
        if (_pos < text.Length)
            throw Error($"Expected an operator or the end of the expression, found '{text[_pos]}'.");
        return e;
    }

    private Expression ParseSum()
    {
        var left = ParseProduct();
        while (TryOperator("+", "-") is { } op)
            left = new BinaryExpression(op.Position, op.Symbol[0], left, ParseProduct());
        return left;
    }

    private Expression ParseProduct()
    {
        var left = ParseUnary();
        while (TryOperator("*", "/") is { } op)
            left = new BinaryExpression(op.Position, op.Symbol[0], left, ParseUnary());
        return left;
    }

    private Expression ParseUnary()
    {
        SkipSpace();
        if (_pos < text.Length && text[_pos] == '-')
        {
            var at = _pos++;
            return Nested(() => new UnaryExpression(at, "-", ParseUnary()));
        }
        return ParsePower();
    }

    private Expression ParsePower()
    {
        var baseExpr = ParsePrimary();
        if (TryOperator("**", "^") is { } op)
            return Nested(() => new BinaryExpression(op.Position, '^', baseExpr, ParseUnary()));
        return baseExpr;
    }

    private Expression ParsePrimary()
    {
        SkipSpace();
        if (_pos >= text.Length)
            throw Error("Expected a number, a variable, a function or '(', found the end of the expression.");
        var c = text[_pos];
        var start = _pos;
        if (c == '(')
        {
            _pos++;
            var inner = Nested(ParseSum);
            Expect(')', start);
            return inner;
        }
        if (char.IsDigit(c) || c == '.')
            return ParseNumber();
        if (char.IsLetter(c) || c == '_')
        {
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
                _pos++;
            var name = text[start.._pos];
            SkipSpace();
            if (_pos < text.Length && text[_pos] == '(')
            {
                if (!Expression.Functions.Contains(name))
                    throw new ExpressionException(
                        $"Unknown function '{name}'; the functions are {string.Join(", ", Expression.Functions)}.", text, start);
                var open = _pos++;
                var argument = Nested(ParseSum);
                Expect(')', open);
                return new UnaryExpression(start, name, argument);
            }
            return new VariableExpression(start, name);
        }
        throw Error($"Expected a number, a variable, a function or '(', found '{c}'.");
    }

    private NumberExpression ParseNumber()
    {
        var start = _pos;
        while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.'))
            _pos++;
        if (_pos < text.Length && (text[_pos] == 'e' || text[_pos] == 'E'))
        {
            var save = _pos++;
            if (_pos < text.Length && (text[_pos] == '+' || text[_pos] == '-'))
                _pos++;
            if (_pos < text.Length && char.IsDigit(text[_pos]))
            {
                while (_pos < text.Length && char.IsDigit(text[_pos]))
                    _pos++;
            }
            else
            {
                _pos = save;
            }
        }
        var token = text[start.._pos];
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw new ExpressionException($"'{token}' is not a number.", text, start);
        return new NumberExpression(start, number);
    }

    private (int Position, string Symbol)? TryOperator(params string[] symbols)
    {
        SkipSpace();
        foreach (var s in symbols)
        {
            // "*" must not take the first half of "**".
            if (string.CompareOrdinal(text, _pos, s, 0, s.Length) == 0 &&
                !(s == "*" && _pos + 1 < text.Length && text[_pos + 1] == '*'))
            {
                var at = _pos;
                _pos += s.Length;
                return (at, s);
            }
        }
        return null;
    }

    private void Expect(char c, int openedAt)
    {
        SkipSpace();
        if (_pos < text.Length && text[_pos] == c)
        {
            _pos++;
            return;
        }
        var found = _pos < text.Length ? $"'{text[_pos]}'" : "the end of the expression";
        throw Error($"Expected '{c}' to close the '(' at position {openedAt + 1}, found {found}.");
    }

    private T Nested<T>(Func<T> parse)
    {
        if (++_depth > MaxDepth)
            throw Error($"The expression nests deeper than {MaxDepth} levels.");
        var result = parse();
        _depth--;
        return result;
    }

    private void SkipSpace()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            _pos++;
    }

    private ExpressionException Error(string message) => new(message, text, _pos);
}
