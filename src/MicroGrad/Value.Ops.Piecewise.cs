namespace MicroGrad;

// The ops with kinks: ReLU, abs, sign, max and min. Their derivatives are steps, written with Sign (whose own
// derivative is 0), so that a gradient graph built through them has the same shape at every point and can be
// compiled and replayed (CompiledGraph) after the data change. Each section: the public method, its forward formula,
// its backward on numbers (given out.grad = g), and the same backward with Value ops (Gradient).
public sealed partial class Value
{
    // ---- ReLU ----

    /// <summary><c>max(0, x)</c>; the gradient at 0 is 0, as in PyTorch.</summary>
    public Value Relu() => Unary(OpCode.Relu, this);

    // NaN stays NaN (as in PyTorch): `a > 0 ? a : 0` alone would turn it into 0 and hide a divergence.
    private static double ReluForward(double a) => a > 0 || double.IsNaN(a) ? a : 0.0;

    // g where the output is positive, else 0 (so 0 at a = 0, as PyTorch).
    private static void ReluBackward(double result, double g, ref double ga) => ga += result > 0 ? g : 0.0;

    // g · sign(result): the result is ≥ 0, so this is g where it is positive and 0 elsewhere, as above (except that a
    // NaN result or an infinite g give NaN here).
    private static (Value?, Value?) ReluGradient(Value result, Value g) => (g * result.Sign(), null);

    // ---- abs ----

    /// <summary><c>|x|</c>; the gradient at 0 is 0, as in PyTorch (<c>g · sign(x)</c>).</summary>
    public Value Abs() => Unary(OpCode.Abs, this);

    private static double AbsForward(double a) => Math.Abs(a);

    private static void AbsBackward(double a, double g, ref double ga) => ga += g * SignForward(a);

    private static (Value?, Value?) AbsGradient(Value a, Value g) => (g * a.Sign(), null);

    // ---- sign ----

    /// <summary>The sign of x: 1 above 0, −1 below, x itself at ±0 and for NaN (<c>numpy.sign</c>); its gradient is 0
    /// everywhere (also at 0, as in PyTorch).</summary>
    public Value Sign() => Unary(OpCode.Sign, this);

    private static double SignForward(double a) => a > 0.0 ? 1.0 : a < 0.0 ? -1.0 : a;

    // A step: nothing flows back.
    private static (Value?, Value?) SignGradient() => (null, null);

    // ---- max(a, b) and min(a, b) ----

    /// <summary>The larger of <paramref name="a"/> and <paramref name="b"/> (<c>torch.maximum</c>: NaN if either is NaN).
    /// The gradient goes to the larger operand; at a tie of finite values each gets half, as in PyTorch (where a − b is
    /// NaN, at ∞ against ∞ or a NaN operand, both get NaN).</summary>
    public static Value Max(Value a, Value b) => Binary(OpCode.Max, a, b);

    /// <summary>The smaller of <paramref name="a"/> and <paramref name="b"/> (<c>torch.minimum</c>: NaN if either is
    /// NaN). The gradient goes to the smaller operand; at a tie of finite values each gets half, as in PyTorch (where
    /// a − b is NaN, at ∞ against ∞ or a NaN operand, both get NaN).</summary>
    public static Value Min(Value a, Value b) => Binary(OpCode.Min, a, b);

    private static double MaxForward(double a, double b) => Math.Max(a, b);

    private static double MinForward(double a, double b) => Math.Min(a, b);

    // With s = sign(a − b): a's share is (1 + s)/2 and b's (1 − s)/2, so 1 and 0, or ½ each at a tie (exact in
    // binary). Where a − b is NaN (a NaN operand, or ∞ against ∞), both shares are NaN; PyTorch gives g or g/2 there.
    private static void MaxBackward(double a, double b, double g, ref double ga, ref double gb)
    {
        var s = SignForward(a - b);
        ga += g * ((1.0 + s) * 0.5);
        gb += g * ((1.0 - s) * 0.5);
    }

    private static void MinBackward(double a, double b, double g, ref double ga, ref double gb)
    {
        var s = SignForward(a - b);
        ga += g * ((1.0 - s) * 0.5);
        gb += g * ((1.0 + s) * 0.5);
    }

    private static (Value?, Value?) MaxGradient(Value a, Value b, Value g)
    {
        var s = (a - b).Sign();
        return (g * ((1.0 + s) * 0.5), g * ((1.0 - s) * 0.5));
    }

    private static (Value?, Value?) MinGradient(Value a, Value b, Value g)
    {
        var s = (a - b).Sign();
        return (g * ((1.0 - s) * 0.5), g * ((1.0 + s) * 0.5));
    }
}
