using System.Runtime.CompilerServices;

namespace MicroGrad;

/// <summary>The operation that produced a <see cref="Value"/>; a byte so that a node stays compact. Every op is
/// defined in this file only: adding one means a member here, its section below (public method, forward, backward),
/// its line in each switch at the end of the file (and in IsBinary if it reads two operands), and its row in the
/// tests' OpTests, which fails for any member without one.</summary>
internal enum OpCode : byte
{
    // 0, the default: a node made by a constructor without an op is a leaf.
    Leaf = 0,
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

// Every op, as micrograd's engine.py reads: the public method that builds the node, then its forward formula (the
// output's data), then its backward (the chain rule: what it adds to each operand's grad, given out.grad = g).
// The dynamic graph (Value.Backward) and compiled graphs (CompiledGraph) both go through Evaluate and Propagate at
// the end of this file, so both give identical bits. Each derivative is PyTorch's formula for the op, evaluated in
// PyTorch's order, so gradients agree with it to the last bit.
public sealed partial class Value
{
    // ---- a + b ----

    /// <summary><c>a + b</c>.</summary>
    public static Value operator +(Value a, Value b) => Binary(OpCode.Add, a, b);

    /// <summary><c>a + b</c>; the number becomes a constant leaf.</summary>
    public static Value operator +(Value a, double b) => a + new Value(b);

    /// <summary><c>a + b</c>; the number becomes a constant leaf.</summary>
    public static Value operator +(double a, Value b) => new Value(a) + b;

    /// <summary>Named alternative to <c>+</c>.</summary>
    public static Value Add(Value left, Value right) => left + right;

    internal static double AddForward(double a, double b) => a + b;

    internal static void AddBackward(double g, ref double ga, ref double gb)
    {
        ga += g;
        gb += g;
    }

    // ---- a − b ----

    /// <summary><c>a − b</c>, one primitive op (not <c>a + (−b)</c>).</summary>
    public static Value operator -(Value a, Value b) => Binary(OpCode.Sub, a, b);

    /// <summary><c>a − b</c>; the number becomes a constant leaf.</summary>
    public static Value operator -(Value a, double b) => a - new Value(b);

    /// <summary><c>a − b</c>; the number becomes a constant leaf.</summary>
    public static Value operator -(double a, Value b) => new Value(a) - b;

    /// <summary>Named alternative to binary <c>-</c>.</summary>
    public static Value Subtract(Value left, Value right) => left - right;

    private static double SubForward(double a, double b) => a - b;

    private static void SubBackward(double g, ref double ga, ref double gb)
    {
        ga += g;
        gb -= g;
    }

    // ---- a · b ----

    /// <summary><c>a · b</c>.</summary>
    public static Value operator *(Value a, Value b) => Binary(OpCode.Mul, a, b);

    /// <summary><c>a · b</c>; the number becomes a constant leaf.</summary>
    public static Value operator *(Value a, double b) => a * new Value(b);

    /// <summary><c>a · b</c>; the number becomes a constant leaf.</summary>
    public static Value operator *(double a, Value b) => new Value(a) * b;

    /// <summary>Named alternative to <c>*</c>.</summary>
    public static Value Multiply(Value left, Value right) => left * right;

    internal static double MulForward(double a, double b) => a * b;

    internal static void MulBackward(double a, double b, double g, ref double ga, ref double gb)
    {
        ga += b * g;
        gb += a * g;
    }

    // ---- a / b ----

    /// <summary><c>a / b</c>, one primitive op (micrograd builds it as <c>a · b**−1</c>); IEEE 754 on division by 0.</summary>
    public static Value operator /(Value a, Value b) => Binary(OpCode.Div, a, b);

    /// <summary><c>a / b</c>; the number becomes a constant leaf.</summary>
    public static Value operator /(Value a, double b) => a / new Value(b);

    /// <summary><c>a / b</c>; the number becomes a constant leaf.</summary>
    public static Value operator /(double a, Value b) => new Value(a) / b;

    /// <summary>Named alternative to <c>/</c>.</summary>
    public static Value Divide(Value left, Value right) => left / right;

    private static double DivForward(double a, double b) => a / b;

    // d/da = 1/b; d/db = −a/b², computed as −g·(a/b/b), PyTorch's order.
    private static void DivBackward(double a, double b, double g, ref double ga, ref double gb)
    {
        ga += g / b;
        gb += -g * (a / b / b);
    }

    // ---- −a ----

    /// <summary><c>−a</c>.</summary>
    public static Value operator -(Value a) => Unary(OpCode.Neg, Checked(a));

    /// <summary>Named alternative to unary <c>-</c>.</summary>
    public static Value Negate(Value item) => -item;

    private static double NegForward(double a) => -a;

    private static void NegBackward(double g, ref double ga) => ga -= g;

    // ---- a ** c (constant c) and a ** b ----

    /// <summary>
    /// <c>this ** exponent</c> for a constant exponent (micrograd's <c>__pow__</c>); <see cref="Op"/> is
    /// <c>**exponent</c>. A negative base with a non-integer exponent gives NaN, as <see cref="Math.Pow"/> and PyTorch do.
    /// </summary>
    public Value Pow(double exponent) => Unary(OpCode.PowConst, this, exponent);

    /// <summary><c>this ** exponent</c> where the exponent is itself a value that receives a gradient
    /// (d/d exponent = thisᵉ·ln(this), taken as 0 where this = 0, as PyTorch does).</summary>
    public Value Pow(Value exponent) => Binary(OpCode.Pow, this, exponent);

    private static double PowForward(double a, double b) => Math.Pow(a, b);

    // d(aᵇ)/da = b·aᵇ⁻¹, and 0 when b = 0 (PyTorch's pow_backward).
    private static void PowBaseBackward(double a, double b, double g, ref double ga) =>
        ga += (b == 0.0 ? 0.0 : b * Math.Pow(a, b - 1.0)) * g;

    // d(aᵇ)/db = aᵇ·ln a (result is aᵇ), taken as 0 where a = 0 and b ≥ 0 (PyTorch's pow_backward_exponent).
    private static void PowExponentBackward(double a, double b, double result, double g, ref double gb) =>
        gb += (a == 0.0 && b >= 0.0 ? 0.0 : result * Math.Log(a)) * g;

    // ---- exp ----

    /// <summary><c>eˣ</c>.</summary>
    public Value Exp() => Unary(OpCode.Exp, this);

    private static double ExpForward(double a) => Math.Exp(a);

    // d(eᵃ)/da = eᵃ, the result itself.
    private static void ExpBackward(double result, double g, ref double ga) => ga += result * g;

    // ---- log ----

    /// <summary>Natural logarithm: NaN for a negative input and −∞ at 0, as IEEE 754 and PyTorch give.</summary>
    public Value Log() => Unary(OpCode.Log, this);

    private static double LogForward(double a) => Math.Log(a);

    private static void LogBackward(double a, double g, ref double ga) => ga += g / a;

    // ---- tanh ----

    /// <summary>Hyperbolic tangent (<see cref="Math.Tanh"/>).</summary>
    public Value Tanh() => Unary(OpCode.Tanh, this);

    private static double TanhForward(double a) => Math.Tanh(a);

    // d(tanh a)/da = 1 − tanh²a, from the result.
    private static void TanhBackward(double result, double g, ref double ga) => ga += (1.0 - result * result) * g;

    // ---- ReLU ----

    /// <summary><c>max(0, x)</c>; the gradient at 0 is 0, as in PyTorch.</summary>
    public Value Relu() => Unary(OpCode.Relu, this);

    // NaN stays NaN (as in PyTorch): `a > 0 ? a : 0` alone would turn it into 0 and hide a divergence.
    private static double ReluForward(double a) => a > 0 || double.IsNaN(a) ? a : 0.0;

    // g where the output is positive, else 0 (so 0 at a = 0, as PyTorch).
    private static void ReluBackward(double result, double g, ref double ga) => ga += result > 0 ? g : 0.0;

    // ---- sigmoid ----

    /// <summary>The logistic function <c>1 / (1 + e⁻ˣ)</c>.</summary>
    public Value Sigmoid() => Unary(OpCode.Sigmoid, this);

    private static double SigmoidForward(double a) => 1.0 / (1.0 + Math.Exp(-a));

    // dσ/da = (1 − σ)·σ, from the result.
    private static void SigmoidBackward(double result, double g, ref double ga) => ga += (1.0 - result) * result * g;

    // ---- Dispatch: one line per op in each switch ----

    /// <summary>The forward formula of <paramref name="op"/>. <paramref name="b"/> is the second operand, or the
    /// exponent of <see cref="OpCode.PowConst"/>; unary ops ignore it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Evaluate(OpCode op, double a, double b) => op switch
    {
        OpCode.Add => AddForward(a, b),
        OpCode.Sub => SubForward(a, b),
        OpCode.Mul => MulForward(a, b),
        OpCode.Div => DivForward(a, b),
        OpCode.Neg => NegForward(a),
        OpCode.PowConst or OpCode.Pow => PowForward(a, b),
        OpCode.Exp => ExpForward(a),
        OpCode.Log => LogForward(a),
        OpCode.Tanh => TanhForward(a),
        OpCode.Relu => ReluForward(a),
        OpCode.Sigmoid => SigmoidForward(a),
        _ => MicroGradThrow.ArgumentOutOfRange<double>(nameof(op), op, "an op code with a forward formula"),
    };

    /// <summary>The chain rule for one node: adds d(out)/d(operand)·<paramref name="g"/> to each operand's gradient.
    /// <paramref name="a"/> and <paramref name="b"/> are the operands' data (b is the exponent of
    /// <see cref="OpCode.PowConst"/>), <paramref name="result"/> the node's data and <paramref name="g"/> its gradient;
    /// <paramref name="ga"/> and <paramref name="gb"/> are the operands' gradients (a unary op writes only
    /// <paramref name="ga"/>; <paramref name="gb"/> may then be any slot, even <paramref name="ga"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Propagate(OpCode op, double a, double b, double result, double g, ref double ga, ref double gb)
    {
        switch (op)
        {
            case OpCode.Add: AddBackward(g, ref ga, ref gb); break;
            case OpCode.Sub: SubBackward(g, ref ga, ref gb); break;
            case OpCode.Mul: MulBackward(a, b, g, ref ga, ref gb); break;
            case OpCode.Div: DivBackward(a, b, g, ref ga, ref gb); break;
            case OpCode.Neg: NegBackward(g, ref ga); break;
            case OpCode.PowConst: PowBaseBackward(a, b, g, ref ga); break;
            case OpCode.Pow:
                PowBaseBackward(a, b, g, ref ga);
                PowExponentBackward(a, b, result, g, ref gb);
                break;
            case OpCode.Exp: ExpBackward(result, g, ref ga); break;
            case OpCode.Log: LogBackward(a, g, ref ga); break;
            case OpCode.Tanh: TanhBackward(result, g, ref ga); break;
            case OpCode.Relu: ReluBackward(result, g, ref ga); break;
            case OpCode.Sigmoid: SigmoidBackward(result, g, ref ga); break;
            default: MicroGradThrow.ArgumentOutOfRange(nameof(op), op, "an op code with a derivative"); break;
        }
    }

    /// <summary>Whether <paramref name="op"/> reads two operands (the traversals ask once per node).</summary>
    internal static bool IsBinary(OpCode op) =>
        op is OpCode.Add or OpCode.Sub or OpCode.Mul or OpCode.Div or OpCode.Pow;

    /// <summary>Number of operands <paramref name="op"/> reads: 0 for a leaf, 2 for a binary op, else 1 (the
    /// exponent of <see cref="OpCode.PowConst"/> is part of the op, not an operand).</summary>
    internal static int Arity(OpCode op) => op == OpCode.Leaf ? 0 : IsBinary(op) ? 2 : 1;

    /// <summary>micrograd's label for <paramref name="op"/> (<see cref="Op"/> adds the exponent of <c>**c</c>).</summary>
    internal static string Symbol(OpCode op) => op switch
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
        _ => MicroGradThrow.ArgumentOutOfRange<string>(nameof(op), op, "a defined op code"),
    };
}
