namespace MicroGrad;

/// <summary>The operation that produced a <see cref="Value"/>; a byte so that a node stays compact.</summary>
internal enum OpCode : byte
{
    Leaf,
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    PowConst,
    Pow,
    Exp,
    Log,
    Tanh,
    Relu,
    Sigmoid,
}

internal static class OpCodeExtensions
{
    // Indexed by op code.
    private static ReadOnlySpan<byte> Arities => [0, 2, 2, 2, 2, 1, 1, 2, 1, 1, 1, 1, 1];

    private const int BinaryOps = 1 << (int)OpCode.Add | 1 << (int)OpCode.Sub | 1 << (int)OpCode.Mul
        | 1 << (int)OpCode.Div | 1 << (int)OpCode.Pow;

    /// <summary>Number of operands the op reads (0 for a leaf, 1 for unary ops, 2 for binary ones).</summary>
    public static int Arity(this OpCode op) => Arities[(int)op];

    /// <summary>Whether the op reads two operands (a bit test: the traversals ask once per node).</summary>
    public static bool IsBinary(this OpCode op) => (BinaryOps & 1 << (int)op) != 0;

    /// <summary>micrograd's label for the op (the exponent of <c>**c</c> is added by <see cref="Value.Op"/>).</summary>
    public static string Symbol(this OpCode op) => op switch
    {
        OpCode.Leaf => "",
        OpCode.Add => "+",
        OpCode.Sub => "-",
        OpCode.Mul => "*",
        OpCode.Div => "/",
        OpCode.Neg => "neg",
        OpCode.PowConst or OpCode.Pow => "**",
        OpCode.Exp => "exp",
        OpCode.Log => "log",
        OpCode.Tanh => "tanh",
        OpCode.Relu => "ReLU",
        OpCode.Sigmoid => "sigmoid",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown op code."),
    };
}
