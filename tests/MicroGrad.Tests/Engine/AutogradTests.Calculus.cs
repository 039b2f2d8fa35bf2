namespace MicroGrad.Tests.Engine;

/// <summary>Each op's second and third derivatives through Autograd.Grad against calculus, and log1p's accuracy
/// against values computed with Python's decimal module.</summary>
public partial class AutogradTests
{
    private sealed record Derivatives(string Name, Func<Value, Value> Build, Func<double, double> First,
        Func<double, double> Second, Func<double, double> Third, double[] Points);

    // Calculus, written with .NET's Math at the point: f′, f″, f‴ of every one-operand op (σ = sigmoid, t = tanh).
    // Points avoid kinks (ReLU, abs, sign are checked on both sides of 0, where f″ = f‴ = 0).
    private static readonly Derivatives[] s_unary =
    [
        new("exp", x => x.Exp(), Math.Exp, Math.Exp, Math.Exp, [0.3, -1.7, 2.5]),
        new("log", x => x.Log(), x => 1 / x, x => -1 / (x * x), x => 2 / (x * x * x), [0.4, 1.0, 3.5]),
        new("sin", x => x.Sin(), Math.Cos, x => -Math.Sin(x), x => -Math.Cos(x), [0.3, -2.2, 4.0]),
        new("cos", x => x.Cos(), x => -Math.Sin(x), x => -Math.Cos(x), Math.Sin, [0.3, -2.2, 4.0]),
        new("sqrt", x => x.Sqrt(), x => 0.5 / Math.Sqrt(x), x => -0.25 * Math.Pow(x, -1.5), x => 0.375 * Math.Pow(x, -2.5), [0.25, 2.0, 9.0]),
        new("log1p", x => x.Log1p(), x => 1 / (1 + x), x => -1 / ((1 + x) * (1 + x)), x => 2 / ((1 + x) * (1 + x) * (1 + x)), [-0.5, 0.2, 3.0]),
        new("tanh", x => x.Tanh(), x => 1 - Math.Tanh(x) * Math.Tanh(x),
            x => -2 * Math.Tanh(x) * (1 - Math.Tanh(x) * Math.Tanh(x)),
            x => (1 - Math.Tanh(x) * Math.Tanh(x)) * (6 * Math.Tanh(x) * Math.Tanh(x) - 2), [0.3, -1.2]),
        new("sigmoid", x => x.Sigmoid(), x => S(x) * (1 - S(x)), x => S(x) * (1 - S(x)) * (1 - 2 * S(x)),
            x => S(x) * (1 - S(x)) * (1 - 6 * S(x) + 6 * S(x) * S(x)), [0.3, -1.2, 2.0]),
        // softplus′ = σ, softplus″ = σ(1 − σ), softplus‴ = σ(1 − σ)(1 − 2σ).
        new("softplus", x => x.Softplus(), S, x => S(x) * (1 - S(x)), x => S(x) * (1 - S(x)) * (1 - 2 * S(x)), [0.3, -1.2, 3.0]),
        new("neg", x => -x, _ => -1, _ => 0, _ => 0, [0.7]),
        new("**3", x => x.Pow(3.0), x => 3 * x * x, x => 6 * x, _ => 6, [1.5, -0.7]),
        new("**-0.5", x => x.Pow(-0.5), x => -0.5 * Math.Pow(x, -1.5), x => 0.75 * Math.Pow(x, -2.5), x => -1.875 * Math.Pow(x, -3.5), [0.3, 2.0]),
        new("ReLU", x => x.Relu(), x => x > 0 ? 1 : 0, _ => 0, _ => 0, [0.7, -0.7]),
        new("abs", x => x.Abs(), x => Math.Sign(x), _ => 0, _ => 0, [0.7, -0.7]),
        new("sign", x => x.Sign(), _ => 0, _ => 0, _ => 0, [0.7, -0.7]),
    ];

    private static double S(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void First_second_and_third_derivatives_of_every_one_operand_op_are_those_of_calculus()
    {
        // Oracle: calculus (the table above). Each derivative is a handful of roundings away on either side, so
        // 1e-14 relative (+1e-15 absolute for the zeros).
        foreach (var op in s_unary)
        {
            foreach (var point in op.Points)
            {
                var x = new Value(point, "x");
                var y = op.Build(x);
                var first = Autograd.Grad(y, [x], createGraph: true)[0];
                var second = Autograd.Grad(first, [x], createGraph: true)[0];
                var third = Autograd.Grad(second, [x])[0];
                AssertClose(op.First(point), first.Data, 1e-14, 1e-15, $"{op.Name}′({point})");
                AssertClose(op.Second(point), second.Data, 1e-14, 1e-15, $"{op.Name}″({point})");
                AssertClose(op.Third(point), third.Data, 1e-14, 1e-15, $"{op.Name}‴({point})");
            }
        }
    }

    [Fact]
    public void Every_one_operand_op_is_in_the_calculus_table()
    {
        // The oracle is OpCode: every one-operand op but PowConst's sibling Pow must have a row above (by Symbol).
        var names = s_unary.Select(d => d.Name.StartsWith("**", StringComparison.Ordinal) ? "**" : d.Name).ToHashSet();
        foreach (var op in Enum.GetValues<OpCode>())
        {
            if (op != OpCode.Leaf && Value.Arity(op) == 1)
                Assert.True(names.Contains(Value.Symbol(op)), $"no calculus row for {op}");
        }
    }

    [Fact]
    public void Hessians_of_the_two_operand_ops_are_those_of_calculus()
    {
        // Calculus at (a, b) = (1.5, −0.7), away from every kink and pole.
        const double a = 1.5, b = -0.7;
        // a·b: [[0, 1], [1, 0]]; a + b, a − b: 0.
        AssertHessian(v => v[0] * v[1], [[0, 1], [1, 0]]);
        AssertHessian(v => v[0] + v[1], [[0, 0], [0, 0]]);
        AssertHessian(v => v[0] - v[1], [[0, 0], [0, 0]]);
        // a / b: ∂²/∂a² = 0, ∂²/∂a∂b = −1/b², ∂²/∂b² = 2a/b³.
        AssertHessian(v => v[0] / v[1], [[0, -1 / (b * b)], [-1 / (b * b), 2 * a / (b * b * b)]]);
        // aᵇ: ∂²/∂a² = b(b − 1)aᵇ⁻², ∂²/∂a∂b = aᵇ⁻¹(1 + b·ln a), ∂²/∂b² = aᵇ·ln²a.
        var mixed = Math.Pow(a, b - 1) * (1 + b * Math.Log(a));
        AssertHessian(v => v[0].Pow(v[1]),
            [[b * (b - 1) * Math.Pow(a, b - 2), mixed], [mixed, Math.Pow(a, b) * Math.Log(a) * Math.Log(a)]]);
        // max and min are linear on either side of the tie: 0.
        AssertHessian(v => Value.Max(v[0], v[1]), [[0, 0], [0, 0]]);
        AssertHessian(v => Value.Min(v[0], v[1]), [[0, 0], [0, 0]]);
        // Composed: max(a², b)·b = a²·b where a² > b: [[2b, 2a], [2a, 0]].
        AssertHessian(v => Value.Max(v[0] * v[0], v[1]) * v[1], [[2 * b, 2 * a], [2 * a, 0]]);

        static void AssertHessian(Func<IReadOnlyList<Value>, Value> f, double[][] expected)
        {
            var h = Autograd.Hessian(f, [a, b]);
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 2; j++)
                    AssertClose(expected[i][j], h[i, j], 1e-14, 1e-15, $"H[{i}, {j}]");
            }
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Hessian_of_a_power_at_exponent_zero_is_symmetric(double a)
    {
        // Calculus: f(a, b) = aᵇ at b = 0 has ∂²f/∂a∂b = aᵇ⁻¹(1 + b·ln a) = 1/a, whichever half it is read from; ∂²f/∂a² =
        // b(b − 1)aᵇ⁻² = 0. The base's gradient term b·aᵇ⁻¹ is 0 at b = 0 but its derivative by b is not, so it must stay in the
        // gradient graph; PyTorch's pow_backward drops it there (at::where(exponent == 0, 0, …)) and returns 0 for
        // H[a, b].
        var x = new Value(a, "a");
        var e = new Value(0.0, "b");
        var y = x.Pow(e);
        var grads = Autograd.Grad(y, [x, e], createGraph: true);
        var rowA = Autograd.Grad(grads[0], [x, e]);
        Assert.Equal(0.0, rowA[0].Data);
        Assert.Equal(1 / a, rowA[1].Data, 1e-15);
        // ∂²f/∂b∂a from the exponent's gradient aᵇ·ln a: aᵇ⁻¹(b·ln a + 1) = 1/a; ∂²f/∂b² = ln²a.
        var rowB = Autograd.Grad(grads[1], [x, e]);
        Assert.Equal(1 / a, rowB[0].Data, 1e-15);
        Assert.Equal(Math.Log(a) * Math.Log(a), rowB[1].Data, 1e-15);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-310)]
    [InlineData(-1e-310)]
    [InlineData(4.0)]
    public void Gradient_of_a_power_at_exponent_zero_is_Backward_s_even_where_the_reciprocal_of_the_base_overflows(double a)
    {
        // Oracle: Backward (PyTorch's rule: d(aᵇ)/da is 0 at b = 0). The gradient graph keeps the term b·aᵇ⁻¹ where it
        // gives that 0, and must leave it out where it would give 0·∞ = NaN: at a = 0 and at a subnormal base, whose
        // reciprocal overflows (IEEE 754: 1/1e-310 = ∞).
        var x = new Value(a, "a");
        var e = new Value(0.0, "b");
        var y = x.Pow(e);
        var grads = Autograd.Grad(y, [x], createGraph: true);
        y.Backward();
        Assert.Equal(0.0, x.Grad);
        Assert.Equal(0.0, grads[0].Data);
    }

    [Theory]
    // Python 3, decimal with 1000 digits: (Decimal(1) + Decimal(x)).ln() of the double x (exact in binary):
    [InlineData(1e-20, 9.99999999999999945148e-21)]
    [InlineData(-1e-15, -1.00000000000000057771e-15)]
    [InlineData(1e-10, 9.99999999950000036436e-11)]
    [InlineData(0.5, 4.05465108108164381978e-1)]
    [InlineData(-0.5, -6.93147180559945309417e-1)]
    [InlineData(0.75, 5.59615787935422686271e-1)]
    [InlineData(3.0, 1.38629436111989061883e+0)]
    [InlineData(-0.9999999999999999, -3.67368005696771013991e+1)]
    [InlineData(1e10, 2.30258509300404568402e+1)]
    [InlineData(1e300, 6.90775527898213705258e+2)]
    // ln(u)·a overflows above 2.5e305 unless a/(u − 1) is taken first (found by review: these gave ∞).
    [InlineData(1e306, 7.04591038456177979310e+2)]
    [InlineData(double.MaxValue, 7.09782712893383996732e+2)]
    public void Log1p_is_accurate_to_a_few_units_in_the_last_place(double x, double exact)
    {
        // Oracle: the decimal values above. Goldberg's bound for the formula Log1p uses is 5ε, with ε = 2⁻⁵³.
        var actual = new Value(x).Log1p().Data;
        AssertClose(exact, actual, 5 * Math.Pow(2, -53), 0.0, $"log1p({x:R})");
        // (1 + x).Log() loses every digit of a tiny x: it gives 0 at 1e-20 (IEEE 754: 1 + 1e-20 rounds to 1).
        if (x == 1e-20)
            Assert.Equal(0.0, (1.0 + new Value(x)).Log().Data);
    }
}
