namespace MicroGrad.Cli.Expressions;

/// <summary>
/// A parsed arithmetic expression over named variables: numbers, variables, <c>+ - * /</c>, <c>**</c> or <c>^</c>
/// (right-associative, binding tighter than unary minus as in Python: <c>-x**2 = -(x**2)</c>), unary minus,
/// parentheses, the functions <c>exp log tanh relu sigmoid abs sqrt sin cos log1p softplus sign</c> of one argument and
/// <c>max(a, b)</c>, <c>min(a, b)</c> of two (arguments separated by commas). <see cref="Build"/> turns it into a
/// <see cref="Value"/> graph, one op per operator, so the graph is exactly what the text says.
/// </summary>
/// <remarks>
/// The expression is kept in postfix order (operands before their operator), so parsing and building are loops over
/// explicit stacks: a flat sum of a million terms needs no deeper call stack than <c>x + y</c>. Parentheses and
/// function calls may nest at most <see cref="MaxDepth"/> levels; an expression may hold at most
/// <see cref="MaxOperators"/> operators (binary operators, unary minuses and function calls).
/// </remarks>
internal sealed class Expression
{
    /// <summary>The function names, in the order <c>--help</c> and messages list them; see <see cref="Arity"/>.</summary>
    public static readonly IReadOnlyList<string> Functions =
        ["exp", "log", "tanh", "relu", "sigmoid", "abs", "sqrt", "sin", "cos", "log1p", "softplus", "sign", "max", "min"];

    /// <summary>How many arguments <paramref name="function"/> (one of <see cref="Functions"/>) takes.</summary>
    public static int Arity(string function) => function is "max" or "min" ? 2 : 1;

    /// <summary>How a message writes <paramref name="function"/> with its arguments: <c>exp(x)</c>, <c>max(a, b)</c>.</summary>
    public static string Signature(string function) => Arity(function) == 2 ? function + "(a, b)" : function + "(x)";

    /// <summary>The deepest nesting of parentheses and function calls.</summary>
    public const int MaxDepth = 200;

    /// <summary>The most operators one expression may hold (documented in the README and <c>--help</c>).</summary>
    public const int MaxOperators = 1_000_000;

    private readonly Node[] _postfix;

    internal Expression(Node[] postfix) => _postfix = postfix;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression or holds more than
    /// <see cref="MaxOperators"/> operators; the position points at the problem.</exception>
    public static Expression Parse(string text) => new ExpressionParser(text).ParseAll();

    /// <summary>Builds the graph, taking each variable's leaf from <paramref name="variables"/>.</summary>
    /// <exception cref="ExpressionException">A variable has no value.</exception>
    public Value Build(IReadOnlyDictionary<string, Value> variables, string text)
    {
        var stack = new Stack<Value>();
        foreach (var node in _postfix)
        {
            switch (node.Kind)
            {
                case NodeKind.Number:
                    stack.Push(new Value(node.Number));
                    break;
                case NodeKind.Variable:
                    stack.Push(variables.TryGetValue(node.Name!, out var v)
                        ? v
                        : throw new ExpressionException(
                            ExpressionException.NoValueMessage(node.Name!),
                            text, node.Position));
                    break;
                case NodeKind.Negate:
                    stack.Push(-stack.Pop());
                    break;
                case NodeKind.Function when Arity(node.Name!) == 2:
                    var second = stack.Pop();
                    var first = stack.Pop();
                    stack.Push(node.Name switch
                    {
                        "max" => Value.Max(first, second),
                        "min" => Value.Min(first, second),
                        _ => throw new System.Diagnostics.UnreachableException($"'{node.Name}' is in Functions with two arguments but has no op here."),
                    });
                    break;
                case NodeKind.Function:
                    stack.Push(Apply(node.Name!, stack.Pop()));
                    break;
                case NodeKind.PowerOfConstant:
                    // A constant exponent is micrograd's `**c` (one operand); any other exponent is a Value with a gradient.
                    stack.Push(stack.Pop().Pow(node.Number));
                    break;
                default:
                    var b = stack.Pop();
                    var a = stack.Pop();
                    stack.Push(node.Op switch
                    {
                        '+' => a + b,
                        '-' => a - b,
                        '*' => a * b,
                        '/' => a / b,
                        _ => a.Pow(b),
                    });
                    break;
            }
        }
        return stack.Pop();
    }

    /// <summary>The variables in order of first appearance.</summary>
    public IReadOnlyList<string> Variables()
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in _postfix)
        {
            // Postfix order keeps the operands in the order of the text.
            if (node.Kind == NodeKind.Variable && seen.Add(node.Name!))
                names.Add(node.Name!);
        }
        return names;
    }

    private static Value Apply(string function, Value a) => function switch
    {
        "exp" => a.Exp(),
        "log" => a.Log(),
        "tanh" => a.Tanh(),
        "relu" => a.Relu(),
        "sigmoid" => a.Sigmoid(),
        "abs" => a.Abs(),
        "sqrt" => a.Sqrt(),
        "sin" => a.Sin(),
        "cos" => a.Cos(),
        "log1p" => a.Log1p(),
        "softplus" => a.Softplus(),
        "sign" => a.Sign(),
        _ => throw new System.Diagnostics.UnreachableException($"'{function}' is in Functions but has no op here."),
    };

    internal enum NodeKind : byte
    {
        Number,
        Variable,
        Negate,
        Function,
        Binary,
        PowerOfConstant,
    }

    /// <summary>One step of the postfix program: an operand (number, variable) or an operator on the operands before it.</summary>
    internal readonly record struct Node(NodeKind Kind, int Position, char Op = '\0', double Number = 0, string? Name = null);
}
