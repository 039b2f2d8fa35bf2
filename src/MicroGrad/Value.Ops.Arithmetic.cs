namespace MicroGrad;

// The arithmetic ops: + − · / neg and powers. Each section reads as micrograd's engine.py: the public method that
// builds the node, its forward formula, its backward (what it adds to each operand's grad, given out.grad = g), and
// the same backward written with Value ops (Gradient), which Autograd.Grad uses to build gradients as graphs.
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

    private static (Value?, Value?) AddGradient(Value g) => (g, g);

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

    private static (Value?, Value?) SubGradient(Value g) => (g, -g);

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

    private static (Value?, Value?) MulGradient(Value a, Value b, Value g) => (b * g, a * g);

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

    private static (Value?, Value?) DivGradient(Value a, Value b, Value g) => (g / b, -g * (a / b / b));

    // ---- −a ----

    /// <summary><c>−a</c>.</summary>
    public static Value operator -(Value a) => Unary(OpCode.Neg, Checked(a));

    /// <summary>Named alternative to unary <c>-</c>.</summary>
    public static Value Negate(Value item) => -item;

    private static double NegForward(double a) => -a;

    private static void NegBackward(double g, ref double ga) => ga -= g;

    private static (Value?, Value?) NegGradient(Value g) => (-g, null);

    // ---- a ** c (constant c) and a ** b ----

    /// <summary>
    /// <c>this ** exponent</c> for a constant exponent (micrograd's <c>__pow__</c>); <see cref="Op"/> is
    /// <c>**exponent</c>. A negative base with a non-integer exponent gives NaN, as <see cref="Math.Pow"/> and PyTorch do.
    /// </summary>
    public Value Pow(double exponent) => Unary(OpCode.PowConst, this, exponent);

    /// <summary><c>this ** exponent</c> where the exponent is itself a value that receives a gradient
    /// (d/d exponent = thisᵉ·ln(this), taken as 0 where this = 0, as PyTorch does).</summary>
    /// <remarks>Its gradient graph (<see cref="Autograd.Grad"/> with <c>createGraph</c>) leaves out a term that is 0 by
    /// those rules only where the full formula would not be finite (0 · ∞, 0 · ln 0, 1 · ln 0), which happens only at a zero (or
    /// subnormal, below 2⁻¹⁰²⁴, whose reciprocal overflows) base, so a compiled gradient graph through this op is valid
    /// only while the base stays non-zero (and was non-zero when it was built).</remarks>
    public Value Pow(Value exponent) => Binary(OpCode.Pow, this, exponent);

    private static double PowForward(double a, double b) => Math.Pow(a, b);

    // d(aᵇ)/da = b·aᵇ⁻¹, and 0 when b = 0 (PyTorch's pow_backward).
    private static void PowBaseBackward(double a, double b, double g, ref double ga) =>
        ga += (b == 0.0 ? 0.0 : b * Math.Pow(a, b - 1.0)) * g;

    // d(aᵇ)/db = aᵇ·ln a (result is aᵇ), taken as 0 where a = 0 and b ≥ 0 (PyTorch's pow_backward_exponent).
    private static void PowExponentBackward(double a, double b, double result, double g, ref double gb) =>
        gb += (a == 0.0 && b >= 0.0 ? 0.0 : result * Math.Log(a)) * g;

    // A term that is 0 by the rules above is left out (the operand then gets nothing from this node) only where the
    // formula would not give that 0: 0·a⁻¹ for the base at b = 0 where a⁻¹ is ±∞ or NaN (a = 0, |a| < 2⁻¹⁰²⁴, NaN), and
    // aᵇ·ln 0 for the exponent. Elsewhere the formula itself gives 0 (b·aᵇ⁻¹ at b = 0) and must stay in the graph: its
    // derivative by b, aᵇ⁻¹, is not 0, and leaving it out made ∂²aᵇ/∂a∂b = 0 from one half of the Hessian and 1/a
    // from the other. (PyTorch's pow_backward drops it at every b = 0, and so returns that 0.)
    private static Value? PowBaseGradient(Value a, Value b, Value g) =>
        b.Data == 0.0 && !double.IsFinite(Math.Pow(a.Data, -1.0)) ? null : b * a.Pow(b - 1.0) * g;

    private static (Value?, Value?) PowConstGradient(Value a, double c, Value g) =>
        (c == 0.0 ? null : c * a.Pow(c - 1.0) * g, null);

    private static (Value?, Value?) PowGradient(Value a, Value b, Value result, Value g) =>
        (PowBaseGradient(a, b, g), a.Data == 0.0 && b.Data >= 0.0 ? null : result * a.Log() * g);
}
