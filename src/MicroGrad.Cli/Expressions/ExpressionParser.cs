using System.Globalization;
using Node = MicroGrad.Cli.Expressions.Expression.Node;
using NodeKind = MicroGrad.Cli.Expressions.Expression.NodeKind;

namespace MicroGrad.Cli.Expressions;

/// <summary>
/// Shunting-yard over the grammar in <see cref="Expression"/>: one loop that moves operands to the postfix output and
/// holds operators on an explicit stack until their right operand is complete. Precedence, lowest first:
/// <c>+ -</c>, <c>* /</c> (both left-associative), unary minus, <c>**</c> (right-associative, and its right operand
/// may start with unary minus, as in Python: <c>2**-1</c>). A comma inside a function's parentheses completes one
/// argument as ')' would, and the function's arity is checked at each comma and at its ')'. No recursion, so no input
/// length overflows the stack; the operator count is checked before any parsing work.
/// </summary>
internal sealed class ExpressionParser(string text)
{
    private const int UnaryPrecedence = 3;
    private const int PowerPrecedence = 4;

    private readonly List<Node> _output = [];
    private readonly Stack<Pending> _operators = new();
    private readonly Stack<OpenParenthesis> _opens = new(); // the '(' still open, innermost on top
    private int _pos;

    public Expression ParseAll()
    {
        CheckSize();
        SkipSpace();
        if (_pos >= text.Length)
            throw Error("Expected an expression, found nothing.");
        var expectOperand = true;
        while (true)
        {
            SkipSpace();
            if (expectOperand)
            {
                expectOperand = ReadOperand();
                continue;
            }
            if (_pos >= text.Length)
                break;
            if (text[_pos] == ')' && _opens.Count > 0)
            {
                Close();
                _pos++;
            }
            else if (text[_pos] == ',' && _opens.Count > 0)
            {
                NextArgument();
                _pos++;
                expectOperand = true;
            }
            else if (TryBinaryOperator() is { } op)
            {
                var precedence = Precedence(op.Op);
                // `**` is right-associative: an equal precedence on the stack waits for the right operand.
                while (_operators.TryPeek(out var top) && top.Kind is PendingKind.Negate or PendingKind.Binary &&
                       (top.Precedence > precedence || (top.Precedence == precedence && precedence != PowerPrecedence)))
                    Emit(_operators.Pop());
                _operators.Push(op);
                expectOperand = true;
            }
            else if (_opens.Count > 0)
            {
                throw ExpectedClose();
            }
            else
            {
                throw Error($"Expected an operator or the end of the expression, found {Format.Quote(text.AsSpan(_pos, 1))}.");
            }
        }
        if (_opens.Count > 0)
            throw ExpectedClose();
        while (_operators.Count > 0)
            Emit(_operators.Pop());
        return new Expression([.. _output]);
    }

    /// <summary>Reads a prefix (unary minus, '(', a function's name and '(') or an operand; returns whether an
    /// operand is still expected.</summary>
    private bool ReadOperand()
    {
        if (_pos >= text.Length)
            throw Error("Expected a number, a variable, a function or '(', found the end of the expression.");
        var c = text[_pos];
        var start = _pos;
        if (c == '-')
        {
            _pos++;
            _operators.Push(new Pending(PendingKind.Negate, '-', start, UnaryPrecedence));
            return true;
        }
        if (c == '(')
        {
            _pos++;
            Open(new Pending(PendingKind.Open, '(', start, 0), start, null);
            return true;
        }
        if (char.IsDigit(c) || c == '.')
        {
            _pos = NumberEnd(text, _pos);
            var token = text[start.._pos];
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                throw new ExpressionException($"{Format.Quote(token)} is not a number.", text, start);
            _output.Add(new Node(NodeKind.Number, start, Number: number));
            return false;
        }
        if (IsNameStart(c))
        {
            _pos = NameEnd(text, _pos);
            var name = text[start.._pos];
            SkipSpace();
            if (_pos < text.Length && text[_pos] == '(')
            {
                if (!Expression.Functions.Contains(name))
                    throw new ExpressionException(
                        $"Unknown function {Format.Quote(name)}; the functions are {string.Join(", ", Expression.Functions)}.",
                        text, start);
                var open = _pos++;
                Open(new Pending(PendingKind.Function, '(', start, 0, name), open, name);
                return true;
            }
            _output.Add(new Node(NodeKind.Variable, start, Name: name));
            return false;
        }
        throw Error($"Expected a number, a variable, a function or '(', found {Format.Quote(text.AsSpan(_pos, 1))}.");
    }

    private void Open(Pending pending, int openedAt, string? function)
    {
        if (_opens.Count >= Expression.MaxDepth)
            throw Error($"The expression nests deeper than {Expression.MaxDepth} levels.");
        _opens.Push(new OpenParenthesis(openedAt, function, 1));
        _operators.Push(pending);
    }

    /// <summary>At a ',' (at <c>_pos</c>): completes the current argument of the innermost function call, whose
    /// operators go to the output, and starts the next one; an error where a function takes no further argument or
    /// the innermost '(' is not a call.</summary>
    private void NextArgument()
    {
        var open = _opens.Pop();
        if (open.Function is not { } name)
        {
            _opens.Push(open);
            throw ExpectedClose();
        }
        var arity = Expression.Arity(name);
        if (open.Arguments >= arity)
            throw Error($"{Expression.Signature(name)} takes {Count(arity)}; found ',' before argument {open.Arguments + 1}.");
        while (_operators.Peek().Kind != PendingKind.Function)
            Emit(_operators.Pop());
        _opens.Push(open with { Arguments = open.Arguments + 1 });
    }

    /// <summary>At a ')' (at <c>_pos</c>): completes the innermost parenthesis or function call; an error where a
    /// call has fewer arguments than its function takes.</summary>
    private void Close()
    {
        var open = _opens.Pop();
        if (open.Function is { } name && open.Arguments < Expression.Arity(name))
            throw Error($"{Expression.Signature(name)} takes {Count(Expression.Arity(name))}; found ')' after {Count(open.Arguments)}.");
        while (true)
        {
            var top = _operators.Pop();
            if (top.Kind == PendingKind.Open)
                return;
            if (top.Kind == PendingKind.Function)
            {
                _output.Add(new Node(NodeKind.Function, top.Position, Name: top.Name));
                return;
            }
            Emit(top);
        }
    }

    private void Emit(Pending op)
    {
        if (op.Kind == PendingKind.Negate)
        {
            _output.Add(new Node(NodeKind.Negate, op.Position, '-'));
            return;
        }
        // A right operand that is a number or a negated number is a constant exponent: micrograd's `**c`.
        var n = _output.Count;
        if (op.Op == '^' && _output[n - 1].Kind == NodeKind.Number)
        {
            _output[n - 1] = new Node(NodeKind.PowerOfConstant, op.Position, '^', _output[n - 1].Number);
            return;
        }
        if (op.Op == '^' && _output[n - 1].Kind == NodeKind.Negate && _output[n - 2].Kind == NodeKind.Number)
        {
            _output[n - 2] = new Node(NodeKind.PowerOfConstant, op.Position, '^', -_output[n - 2].Number);
            _output.RemoveAt(n - 1);
            return;
        }
        _output.Add(new Node(NodeKind.Binary, op.Position, op.Op));
    }

    private Pending? TryBinaryOperator()
    {
        var at = _pos;
        var c = text[at];
        if (c == '*' && at + 1 < text.Length && text[at + 1] == '*')
        {
            _pos += 2;
            return new Pending(PendingKind.Binary, '^', at, PowerPrecedence);
        }
        if (c is not ('+' or '-' or '*' or '/' or '^'))
            return null;
        _pos++;
        return new Pending(PendingKind.Binary, c, at, Precedence(c));
    }

    private static int Precedence(char op) => op switch
    {
        '+' or '-' => 1,
        '*' or '/' => 2,
        _ => PowerPrecedence,
    };

    /// <summary>Counts the operators (binary operators, unary minuses, function calls) with the tokenizer's own
    /// rules, allocating nothing, so that an oversized expression is refused before any parsing work.</summary>
    private void CheckSize()
    {
        long count = 0;
        var firstBeyond = 0;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            var at = i;
            if (char.IsDigit(c) || c == '.')
            {
                i = NumberEnd(text, i);
                continue;
            }
            if (IsNameStart(c))
            {
                i = NameEnd(text, i);
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                    i++;
                if (i >= text.Length || text[i] != '(')
                    continue;
                at = i;
            }
            else if (c is not ('+' or '-' or '*' or '/' or '^'))
            {
                i++;
                continue;
            }
            i += c == '*' && i + 1 < text.Length && text[i + 1] == '*' ? 2 : 1;
            if (++count == Expression.MaxOperators + 1)
                firstBeyond = at;
        }
        if (count > Expression.MaxOperators)
            throw new ExpressionException(string.Format(CultureInfo.InvariantCulture,
                "The expression has {0:N0} operators; the limit is {1:N0} (binary operators, unary minuses and function calls).",
                count, Expression.MaxOperators), text, firstBeyond);
    }

    private static int NumberEnd(string text, int i)
    {
        while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
            i++;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-')
                j++;
            if (j < text.Length && char.IsDigit(text[j]))
            {
                while (j < text.Length && char.IsDigit(text[j]))
                    j++;
                i = j;
            }
        }
        return i;
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private static int NameEnd(string text, int i)
    {
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            i++;
        return i;
    }

    private ExpressionException ExpectedClose()
    {
        var found = _pos < text.Length ? Format.Quote(text.AsSpan(_pos, 1)) : "the end of the expression";
        return Error($"Expected ')' to close the '(' at position {_opens.Peek().Position + 1}, found {found}.");
    }

    private void SkipSpace()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            _pos++;
    }

    private ExpressionException Error(string message) => new(message, text, _pos);

    private static string Count(int arguments) => arguments switch
    {
        1 => "one argument",
        2 => "two arguments",
        _ => arguments.ToString(CultureInfo.InvariantCulture) + " arguments",
    };

    private enum PendingKind : byte
    {
        Negate,
        Binary,
        Open,
        Function,
    }

    /// <summary>A '(' still open: where it is, the function it calls (null for plain parentheses) and how many
    /// arguments have begun (commas seen + 1).</summary>
    private readonly record struct OpenParenthesis(int Position, string? Function, int Arguments);

    /// <summary>An operator or an open parenthesis waiting on the stack for its right operand or its ')'.</summary>
    private readonly record struct Pending(PendingKind Kind, char Op, int Position, int Precedence, string? Name = null);
}
