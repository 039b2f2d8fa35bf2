namespace MicroGrad;

// The forward half of every op: compute the output's data and record the operands. The backward half (how the
// gradient flows back through each op) is in Value.Backward.cs, one switch case per op.
public sealed partial class Value
{
    /// <summary><c>a + b</c>.</summary>
    public static Value operator +(Value a, Value b) => Binary(OpCode.Add, a, b);

    /// <summary><c>a + b</c>; the number becomes a constant leaf.</summary>
    public static Value operator +(Value a, double b) => a + new Value(b);

    /// <summary><c>a + b</c>; the number becomes a constant leaf.</summary>
    public static Value operator +(double a, Value b) => new Value(a) + b;

    /// <summary><c>a − b</c>, one primitive op (not <c>a + (−b)</c>).</summary>
    public static Value operator -(Value a, Value b) => Binary(OpCode.Sub, a, b);

    /// <summary><c>a − b</c>; the number becomes a constant leaf.</summary>
    public static Value operator -(Value a, double b) => a - new Value(b);

    /// <summary><c>a − b</c>; the number becomes a constant leaf.</summary>
    public static Value operator -(double a, Value b) => new Value(a) - b;

    /// <summary><c>a · b</c>.</summary>
    public static Value operator *(Value a, Value b) => Binary(OpCode.Mul, a, b);

    /// <summary><c>a · b</c>; the number becomes a constant leaf.</summary>
    public static Value operator *(Value a, double b) => a * new Value(b);

    /// <summary><c>a · b</c>; the number becomes a constant leaf.</summary>
    public static Value operator *(double a, Value b) => new Value(a) * b;

    /// <summary><c>a / b</c>, one primitive op (micrograd builds it as <c>a · b**−1</c>); IEEE 754 on division by 0.</summary>
    public static Value operator /(Value a, Value b) => Binary(OpCode.Div, a, b);

    /// <summary><c>a / b</c>; the number becomes a constant leaf.</summary>
    public static Value operator /(Value a, double b) => a / new Value(b);

    /// <summary><c>a / b</c>; the number becomes a constant leaf.</summary>
    public static Value operator /(double a, Value b) => new Value(a) / b;

    /// <summary><c>−a</c>.</summary>
    public static Value operator -(Value a) => Unary(OpCode.Neg, Checked(a));

    /// <summary>Named alternative to <c>+</c>.</summary>
    public static Value Add(Value left, Value right) => left + right;

    /// <summary>Named alternative to binary <c>-</c>.</summary>
    public static Value Subtract(Value left, Value right) => left - right;

    /// <summary>Named alternative to <c>*</c>.</summary>
    public static Value Multiply(Value left, Value right) => left * right;

    /// <summary>Named alternative to <c>/</c>.</summary>
    public static Value Divide(Value left, Value right) => left / right;

    /// <summary>Named alternative to unary <c>-</c>.</summary>
    public static Value Negate(Value item) => -item;

    /// <summary>
    /// <c>this ** exponent</c> for a constant exponent (micrograd's <c>__pow__</c>); <see cref="Op"/> is
    /// <c>**exponent</c>. A negative base with a non-integer exponent gives NaN, as <see cref="Math.Pow"/> and PyTorch do.
    /// </summary>
    public Value Pow(double exponent) =>
        Unary(OpCode.PowConst, this, exponent);

    /// <summary><c>this ** exponent</c> where the exponent is itself a value that receives a gradient
    /// (d/d exponent = thisᵉ·ln(this), taken as 0 where this = 0, as PyTorch does).</summary>
    public Value Pow(Value exponent) =>
        Binary(OpCode.Pow, this, exponent);

    /// <summary><c>eˣ</c>.</summary>
    public Value Exp() => Unary(OpCode.Exp, this);

    /// <summary>Natural logarithm: NaN for a negative input and −∞ at 0, as IEEE 754 and PyTorch give.</summary>
    public Value Log() => Unary(OpCode.Log, this);

    /// <summary>Hyperbolic tangent (<see cref="Math.Tanh"/>).</summary>
    public Value Tanh() => Unary(OpCode.Tanh, this);

    /// <summary><c>max(0, x)</c>; the gradient at 0 is 0, as in PyTorch.</summary>
    public Value Relu() => Unary(OpCode.Relu, this);

    /// <summary>The logistic function <c>1 / (1 + e⁻ˣ)</c>.</summary>
    public Value Sigmoid() => Unary(OpCode.Sigmoid, this);

    private static Value Checked(Value? v, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(v))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(v, name);
        return v;
    }

    private static Value Binary(OpCode op, Value a, Value b)
    {
        Checked(a);
        Checked(b);
        var data = Evaluate(op, a.Data, b.Data);
        if (AnyScopeOpen)
        {
            if (AnomalyActive && !double.IsFinite(data))
                MicroGradThrow.Anomaly_Forward(op, a, b, data);
            if (NoGradActive)
                return new Value(data);
        }
        return new Value(data, op, a, b);
    }

    private static Value Unary(OpCode op, Value a, double exponent = 0.0)
    {
        var data = Evaluate(op, a.Data, exponent);
        if (AnyScopeOpen)
        {
            if (AnomalyActive && !double.IsFinite(data))
                MicroGradThrow.Anomaly_Forward(op, a, op == OpCode.PowConst ? new Value(exponent) : null, data);
            if (NoGradActive)
                return new Value(data);
        }
        // The exponent of ** is kept as a constant leaf in the second slot but is not an operand (see Children).
        return new Value(data, op, a, op == OpCode.PowConst ? new Value(exponent) : null);
    }

    /// <summary>The forward formula of every op, shared by the dynamic graph and compiled graphs so that both
    /// give bit-identical results. <paramref name="b"/> is the second operand, or the exponent of
    /// <see cref="OpCode.PowConst"/>; unary ops ignore it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double Evaluate(OpCode op, double a, double b) => op switch
    {
        OpCode.Add => a + b,
        OpCode.Sub => a - b,
        OpCode.Mul => a * b,
        OpCode.Div => a / b,
        OpCode.Neg => -a,
        OpCode.PowConst or OpCode.Pow => Math.Pow(a, b),
        OpCode.Exp => Math.Exp(a),
        OpCode.Log => Math.Log(a),
        OpCode.Tanh => Math.Tanh(a),
        // NaN stays NaN (as in PyTorch): `a > 0 ? a : 0` alone would turn it into 0 and hide a divergence.
        OpCode.Relu => a > 0 || double.IsNaN(a) ? a : 0.0,
        OpCode.Sigmoid => 1.0 / (1.0 + Math.Exp(-a)),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "A leaf has no forward formula."),
    };
}
