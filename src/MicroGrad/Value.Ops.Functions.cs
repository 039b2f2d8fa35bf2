namespace MicroGrad;

// The smooth functions of one operand: exp, log, log1p, sqrt, sin, cos, tanh, sigmoid, softplus. Each section: the
// public method, its forward formula, its backward on numbers (given out.grad = g), and the same backward written with
// Value ops (Gradient), which Autograd.Grad uses to build gradients as graphs.
public sealed partial class Value
{
    // ---- exp ----

    /// <summary><c>eˣ</c>.</summary>
    public Value Exp() => Unary(OpCode.Exp, this);

    private static double ExpForward(double a) => Math.Exp(a);

    // d(eᵃ)/da = eᵃ, the result itself.
    private static void ExpBackward(double result, double g, ref double ga) => ga += result * g;

    private static (Value?, Value?) ExpGradient(Value result, Value g) => (result * g, null);

    // ---- log ----

    /// <summary>Natural logarithm: NaN for a negative input and −∞ at 0, as IEEE 754 and PyTorch give.</summary>
    public Value Log() => Unary(OpCode.Log, this);

    private static double LogForward(double a) => Math.Log(a);

    private static void LogBackward(double a, double g, ref double ga) => ga += g / a;

    private static (Value?, Value?) LogGradient(Value a, Value g) => (g / a, null);

    // ---- log1p ----

    /// <summary><c>ln(1 + x)</c> to a few units in the last place for every x, where <c>(1 + x).Log()</c> loses the
    /// digits of x that 1 + x rounds away (all of them below 2⁻⁵³); −∞ at −1, NaN below.</summary>
    public Value Log1p() => Unary(OpCode.Log1p, this);

    // Goldberg's formula (What Every Computer Scientist Should Know About Floating-Point Arithmetic, 1991, Theorem 4):
    // with u = 1 ⊕ a, ln(u)·a/(u − 1) is within 5 ulps of ln(1 + a), since u − 1 is exact and ln(u)/(u − 1) varies
    // slowly. The quotient a/(u − 1), about 1, is taken first: ln(u)·a overflows for a above 2.5·10³⁰⁵. .NET's double.LogP1 is Math.Log(a + 1), which returns 0 for a = 10⁻²⁰.
    internal static double Log1pForward(double a)
    {
        var u = 1.0 + a;
        return u == 1.0 ? a : double.IsPositiveInfinity(u) ? u : Math.Log(u) * (a / (u - 1.0));
    }

    // d ln(1 + a)/da = 1/(1 + a), as PyTorch's log1p_backward: g / (a + 1).
    private static void Log1pBackward(double a, double g, ref double ga) => ga += g / (a + 1.0);

    private static (Value?, Value?) Log1pGradient(Value a, Value g) => (g / (a + 1.0), null);

    // ---- sqrt ----

    /// <summary><c>√x</c>, correctly rounded (<see cref="Math.Sqrt"/>, one op, not <c>Pow(0.5)</c>); NaN below 0.</summary>
    public Value Sqrt() => Unary(OpCode.Sqrt, this);

    private static double SqrtForward(double a) => Math.Sqrt(a);

    // d√a/da = 1/(2√a), from the result, as PyTorch: g / (2·result).
    private static void SqrtBackward(double result, double g, ref double ga) => ga += g / (2.0 * result);

    private static (Value?, Value?) SqrtGradient(Value result, Value g) => (g / (2.0 * result), null);

    // ---- sin ----

    /// <summary>Sine (radians).</summary>
    public Value Sin() => Unary(OpCode.Sin, this);

    private static double SinForward(double a) => Math.Sin(a);

    private static void SinBackward(double a, double g, ref double ga) => ga += g * Math.Cos(a);

    private static (Value?, Value?) SinGradient(Value a, Value g) => (g * a.Cos(), null);

    // ---- cos ----

    /// <summary>Cosine (radians).</summary>
    public Value Cos() => Unary(OpCode.Cos, this);

    private static double CosForward(double a) => Math.Cos(a);

    // d cos a/da = −sin a, as PyTorch: g · −sin(a).
    private static void CosBackward(double a, double g, ref double ga) => ga += g * -Math.Sin(a);

    private static (Value?, Value?) CosGradient(Value a, Value g) => (g * -a.Sin(), null);

    // ---- tanh ----

    /// <summary>Hyperbolic tangent (<see cref="Math.Tanh"/>).</summary>
    public Value Tanh() => Unary(OpCode.Tanh, this);

    private static double TanhForward(double a) => Math.Tanh(a);

    // d(tanh a)/da = 1 − tanh²a, from the result.
    private static void TanhBackward(double result, double g, ref double ga) => ga += (1.0 - result * result) * g;

    private static (Value?, Value?) TanhGradient(Value result, Value g) => ((1.0 - result * result) * g, null);

    // ---- sigmoid ----

    /// <summary>The logistic function <c>1 / (1 + e⁻ˣ)</c>.</summary>
    public Value Sigmoid() => Unary(OpCode.Sigmoid, this);

    private static double SigmoidForward(double a) => 1.0 / (1.0 + Math.Exp(-a));

    // dσ/da = (1 − σ)·σ, from the result.
    private static void SigmoidBackward(double result, double g, ref double ga) => ga += (1.0 - result) * result * g;

    private static (Value?, Value?) SigmoidGradient(Value result, Value g) => ((1.0 - result) * result * g, null);

    // ---- softplus ----

    /// <summary>
    /// <c>ln(1 + eˣ)</c>, computed as <c>max(x, 0) + ln(1 + e^−|x|)</c> with <c>log1p</c>, so it keeps full relative
    /// precision everywhere: about <c>eˣ</c> far left, <c>x + e⁻ˣ</c> far right, no overflow. It is
    /// <c>torch.logaddexp(x, 0)</c>; PyTorch's <c>softplus</c> instead returns x itself above its threshold 20 (off by up
    /// to 2·10⁻⁹).
    /// </summary>
    public Value Softplus() => Unary(OpCode.Softplus, this);

    private static double SoftplusForward(double a) => Math.Max(a, 0.0) + Log1pForward(Math.Exp(-Math.Abs(a)));

    // d softplus(a)/da = σ(a) (no threshold), written as e^−softplus(−a), on numbers and as ops alike: its graph
    // differentiates to e^−softplus(−a)·e^−softplus(a) = σ(a)·σ(−a), products of exponentials of softplus, which never
    // overflow (so no ∞·0 = NaN far left) and keep their digits where sigmoid's (1 − σ)·σ cancels (at a = 30 it
    // kept three); so does every higher derivative. The price: a relative error of about |a|·10⁻¹⁶ in σ far left.
    private static void SoftplusBackward(double a, double g, ref double ga) => ga += g * Math.Exp(-SoftplusForward(-a));

    private static (Value?, Value?) SoftplusGradient(Value a, Value g) => (g * (-(-a).Softplus()).Exp(), null);
}
