using FsCheck;
using FsCheck.Xunit;

namespace MicroGrad.Tests.Engine;

/// <summary>
/// <c>GradCheck.CheckSecondOrder</c> (PyTorch's gradgradcheck): the derivatives of Autograd's gradient graphs against
/// central differences of the gradient's numbers. The oracle of a pass is the central difference itself (at
/// gradgradcheck's default tolerances); where a test states a number, its oracle is named beside it.
/// </summary>
public class GradCheckSecondOrderTests
{
    // How to build each op and points where it is smooth (twice differentiable in a neighbourhood wider than eps).
    // Linear ops have second derivative 0, which the composed form below makes non-trivial.
    private static readonly Dictionary<string, (int Arity, Func<IReadOnlyList<Value>, Value> Build, double[][] Points)> s_ops =
        new(StringComparer.Ordinal)
        {
            ["Add"] = (2, x => x[0] + x[1], [[1.5, -2.0]]),
            ["Sub"] = (2, x => x[0] - x[1], [[1.5, -2.0]]),
            ["Mul"] = (2, x => x[0] * x[1], [[1.5, -2.0]]),
            ["Div"] = (2, x => x[0] / x[1], [[1.5, -2.0], [-0.3, 0.7]]),
            ["Neg"] = (1, x => -x[0], [[1.5]]),
            ["PowConst"] = (1, x => x[0].Pow(3.0), [[1.5], [-0.7]]),
            ["Pow"] = (2, x => x[0].Pow(x[1]), [[1.5, -0.7], [0.8, 2.5]]),
            ["Exp"] = (1, x => x[0].Exp(), [[0.3], [-1.2]]),
            ["Log"] = (1, x => x[0].Log(), [[1.5], [0.2]]),
            ["Tanh"] = (1, x => x[0].Tanh(), [[0.3], [-1.2]]),
            ["Relu"] = (1, x => x[0].Relu(), [[0.7], [-0.7]]),
            ["Sigmoid"] = (1, x => x[0].Sigmoid(), [[0.3], [-1.2]]),
            ["Abs"] = (1, x => x[0].Abs(), [[0.7], [-0.7]]),
            ["Sqrt"] = (1, x => x[0].Sqrt(), [[2.0], [0.25]]),
            ["Sin"] = (1, x => x[0].Sin(), [[0.3], [-2.2]]),
            ["Cos"] = (1, x => x[0].Cos(), [[0.3], [-2.2]]),
            ["Log1p"] = (1, x => x[0].Log1p(), [[0.5], [-0.25]]),
            ["Softplus"] = (1, x => x[0].Softplus(), [[0.3], [-1.2], [3.0]]),
            ["Sign"] = (1, x => x[0].Sign(), [[0.7], [-0.7]]),
            ["Max"] = (2, x => Value.Max(x[0], x[1]), [[1.5, -2.0], [-1.5, 2.0]]),
            ["Min"] = (2, x => Value.Min(x[0], x[1]), [[1.5, -2.0], [-1.5, 2.0]]),
        };

    public static TheoryData<string> OpNames()
    {
        var names = new TheoryData<string>();
        foreach (var op in Enum.GetValues<OpCode>())
        {
            if (op != OpCode.Leaf)
                names.Add(op.ToString());
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(OpNames))]
    public void Every_op_has_second_derivatives_that_pass_against_central_differences_of_its_gradient(string name)
    {
        Assert.True(s_ops.TryGetValue(name, out var op), $"OpCode.{name} has no row in GradCheckSecondOrderTests: add one.");
        foreach (var point in op.Points)
        {
            Assert.Equal(op.Arity, point.Length);
            var plain = GradCheck.CheckSecondOrder(op.Build, point);
            Assert.True(plain.Passed, $"{name} at ({string.Join(", ", point)}):\n{plain}");
            Assert.Equal(op.Arity * op.Arity, plain.Entries.Count);

            // op(x₀·s, …) with s = 1.1: every operand depends on two inputs, so the Hessian has cross terms through the
            // op's first and second derivatives, also for + − and neg (whose own second derivative is 0). The scaled
            // operands stay on the same side of every kink as the plain point.
            double[] composedPoint = [.. point, 1.1];
            var composed = GradCheck.CheckSecondOrder(
                x =>
                {
                    var operands = new Value[op.Arity];
                    for (var i = 0; i < operands.Length; i++)
                        operands[i] = x[i] * x[^1];
                    return op.Build(operands);
                },
                composedPoint);
            Assert.True(composed.Passed, $"{name} at ({string.Join(", ", point)})·1.1:\n{composed}");
        }
    }

    // Property: Autograd's second derivatives equal central differences of the gradient on seeded random expressions
    // over the engine's ops (kept in their smooth domains by RandomExpressions). Replay fixes FsCheck's seeds.
    [Property(MaxTest = 100, Replay = "(20261203,13)")]
    public bool Second_derivatives_match_central_differences_on_random_expressions(PositiveInt seed)
    {
        var s = (ulong)seed.Get;
        var report = GradCheck.CheckSecondOrder(RandomExpressions.Create(s), RandomExpressions.Inputs(s));
        return report.Passed || Fail(report, s);
    }

    private static bool Fail(GradCheckReport report, ulong seed) =>
        throw new Xunit.Sdk.XunitException($"seed {seed}:\n{report}");

    [Fact]
    public void Entries_are_the_second_derivatives_of_calculus_labelled_by_the_pair()
    {
        // f = x³·y at (2, −1.5). Calculus: ∂²f/∂x² = 6xy = −18, ∂²f/∂x∂y = ∂²f/∂y∂x = 3x² = 12, ∂²f/∂y² = 0.
        var report = GradCheck.CheckSecondOrder(x => x[0].Pow(3) * x[1], [2.0, -1.5], names: ["x", "y"]);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(2, report.Order);
        Assert.Equal(["∂²/∂x²", "∂²/∂x∂y", "∂²/∂y∂x", "∂²/∂y²"], report.Entries.Select(e => e.Label));
        Assert.Equal([0, 1, 2, 3], report.Entries.Select(e => e.Index));
        // Each product and sum of small integers is exact in float64.
        Assert.Equal(-18.0, report.Entries[0].Analytic);
        Assert.Equal(12.0, report.Entries[1].Analytic);
        Assert.Equal(12.0, report.Entries[2].Analytic);
        Assert.Equal(0.0, report.Entries[3].Analytic);
        // Entry (i, j) carries xᵢ's value, the input the finite difference moves.
        Assert.Equal([2.0, 2.0, -1.5, -1.5], report.Entries.Select(e => e.Input));
        Assert.Equal(-12.0, report.Output); // 2³·(−1.5)
    }

    [Fact]
    public void The_issues_examples_pass_with_their_exact_values()
    {
        // Calculus: (x³)'' = 6x = 18 at 3.
        var cube = GradCheck.CheckSecondOrder(x => x[0].Pow(3), [3.0]);
        Assert.True(cube.Passed, cube.ToString());
        Assert.Equal(18.0, cube.Entries[0].Analytic, 1e-12);
        // Calculus: Rosenbrock (1 − x)² + 100(y − x²)² has the Hessian [[802, −400], [−400, 200]] at (1, 1).
        var rosenbrock = GradCheck.CheckSecondOrder(
            x => (1 - x[0]).Pow(2) + 100 * (x[1] - x[0].Pow(2)).Pow(2), [1.0, 1.0]);
        Assert.True(rosenbrock.Passed, rosenbrock.ToString());
        Assert.Equal([802.0, -400.0, -400.0, 200.0], rosenbrock.Entries.Select(e => e.Analytic));
    }

    [Fact]
    public void A_detached_factor_gives_a_wrong_second_derivative_and_the_report_says_where()
    {
        // f = x²·c + y² with c = detach(x): the gradient's numbers are 2x·c = 2x² (what Backward and Autograd.Grad
        // give), but its graph treats c as a constant, so the analytic ∂²/∂x² is 2c = 6 at x = 3 while the central
        // difference of the gradient 2x² gives 4x = 12 (calculus). The y entries are right: ∂²/∂y² = 2, cross terms 0.
        var report = GradCheck.CheckSecondOrder(x => x[0] * x[0] * x[0].Detach() + x[1] * x[1], [3.0, 1.0]);

        Assert.False(report.Passed);
        Assert.Equal([false, true, true, true], report.Entries.Select(e => e.Passed));
        Assert.Equal(6.0, report.Entries[0].Analytic);
        Assert.Equal(12.0, report.Entries[0].Numeric, 1e-6); // rounding of 2(3 ± 1e-6)² over 2e-6: ~1e-9
        Assert.Equal("error > atol + rtol·|numeric|", report.Entries[0].Failure);
        Assert.Equal(2.0, report.Entries[3].Analytic);
        var text = report.ToString().ReplaceLineEndings("\n");
        Assert.Matches(@"(?m)^∂²/∂x0²\s+6\s+12\s+\S+\s+FAIL  error > atol \+ rtol·\|numeric\|$", text);
        Assert.EndsWith("second-order gradcheck FAILED (eps 1e-06, atol 1e-05, rtol 0.001)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kink_in_the_first_derivative_passes_first_order_and_fails_second_order()
    {
        // f = x·relu(x) is x² for x > 0 and 0 below: f'(0) = 0 from both sides, so the first-order check passes, but f''
        // jumps from 0 to 2 at 0. The central difference of f' = 2·relu(x) gives (2·eps − 0)/(2·eps) = 1 (calculus);
        // the gradient graph, whose ReLU step is sign(relu(x)) = 0 at 0 as in PyTorch, gives 0. gradgradcheck fails.
        Func<IReadOnlyList<Value>, Value> f = x => x[0] * x[0].Relu();
        Assert.True(GradCheck.Check(f, [0.0]).Passed);

        var report = GradCheck.CheckSecondOrder(f, [0.0]);
        Assert.False(report.Passed);
        Assert.Equal(0.0, report.Entries[0].Analytic);
        Assert.Equal(1.0, report.Entries[0].Numeric, 1e-9);
    }

    [Fact]
    public void The_report_says_second_order_and_leaves_out_the_value_column()
    {
        // Calculus: (x·y)'s Hessian is [[0, 1], [1, 0]].
        var rows = GradCheck.CheckSecondOrder(x => x[0] * x[1], [2.0, 3.0], names: ["a", "b"]).ToString()
            .ReplaceLineEndings("\n").Split('\n');
        Assert.Matches(@"^second derivative\s+analytic\s+numeric\s+error\s+result$", rows[0]);
        Assert.Matches(@"^∂²/∂a²\s+0\s+0\s+0\s+ok$", rows[1]);
        Assert.Matches(@"^∂²/∂a∂b\s+1\s+1\s+\S+\s+ok$", rows[2]);
        Assert.Matches(@"^∂²/∂b∂a\s+1\s+1\s+\S+\s+ok$", rows[3]);
        Assert.Equal("second-order gradcheck passed (eps 1e-06, atol 1e-05, rtol 0.001)", rows[5]);
        // The first-order report of the same function is unchanged.
        Assert.Equal(1, GradCheck.Check(x => x[0] * x[1], [2.0, 3.0]).Order);
        Assert.StartsWith("input ", GradCheck.Check(x => x[0] * x[1], [2.0, 3.0]).ToString(), StringComparison.Ordinal);
    }

    // Oracle for the non-finite cases, as for GradCheck.Check: torch.allclose's equal_nan=False fails every NaN, and an
    // infinite error fails.
    [Fact]
    public void A_nan_function_value_fails_every_entry_and_says_so()
    {
        // sqrt(−4) is NaN (IEEE 754).
        var report = GradCheck.CheckSecondOrder(x => x[0].Sqrt() * x[1], [-4.0, 1.0]);
        Assert.False(report.Passed);
        Assert.All(report.Entries, e => Assert.Equal("function value is nan", e.Failure));
        Assert.Contains("second-order gradcheck FAILED: function value is nan", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_input_fails_the_entries_of_its_row_and_column_and_names_it()
    {
        var report = GradCheck.CheckSecondOrder(x => x[0] * x[1], [double.NaN, 1.0], names: ["x", "y"]);
        Assert.False(report.Passed);
        Assert.Equal(["input x is nan", "input x is nan", "input x is nan", "function value is nan"],
            report.Entries.Select(e => e.Failure));
    }

    [Fact]
    public void A_nan_numeric_second_derivative_is_named()
    {
        // f = x·1e300·1e10 at 0 is 0 and its Hessian is 0 (the gradient is a constant), but the gradient's number
        // 1e300·1e10 overflows to +inf (IEEE 754), so the central difference is (inf − inf)/(2·eps) = nan.
        var report = GradCheck.CheckSecondOrder(x => x[0] * 1e300 * 1e10, [0.0]);
        Assert.Equal(0.0, report.Output);
        Assert.Equal(0.0, report.Entries[0].Analytic);
        Assert.True(double.IsNaN(report.Entries[0].Numeric));
        Assert.False(report.Passed);
        Assert.Equal("numeric second derivative is nan", report.Entries[0].Failure);
        Assert.Contains("FAIL  numeric second derivative is nan", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_infinite_analytic_second_derivative_is_named()
    {
        // f = x^1.5 at 0: f'(x) = 1.5·x^0.5 is finite (0), f''(x) = 0.75·x^−0.5 is +inf at 0 (calculus; IEEE 754
        // 0^−0.5 = +inf). The central difference of f' is (1.5·eps^0.5 − nan)/… since (−eps)^0.5 is nan.
        var report = GradCheck.CheckSecondOrder(x => x[0].Pow(1.5), [0.0]);
        Assert.False(report.Passed);
        Assert.True(double.IsPositiveInfinity(report.Entries[0].Analytic), report.ToString());
        Assert.Equal("analytic second derivative is inf", report.Entries[0].Failure);
    }

    [Fact]
    public void The_check_writes_no_gradient_into_captured_values()
    {
        // Autograd.Grad returns gradients rather than accumulating them, so a parameter the function closes over
        // keeps its Grad (GradCheck.Check, which calls Backward, would add to it).
        var w = new Value(2.0, "w");
        var report = GradCheck.CheckSecondOrder(x => x[0] * x[0] * w, [3.0]);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(4.0, report.Entries[0].Analytic, 1e-12); // calculus: (w·x²)'' = 2w
        Assert.Equal(0.0, w.Grad);
    }

    [Fact]
    public void An_input_the_function_ignores_has_zero_second_derivatives()
    {
        // Calculus: f = x² does not depend on y, so every entry with y is 0 (Autograd.Grad's 0 for such an input).
        var report = GradCheck.CheckSecondOrder(x => x[0] * x[0], [1.5, 7.0]);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal([2.0, 0.0, 0.0, 0.0], report.Entries.Select(e => e.Analytic));
    }

    [Fact]
    public void No_input_is_an_empty_check_that_passes_on_a_finite_value()
    {
        var report = GradCheck.CheckSecondOrder(_ => new Value(1.0), []);
        Assert.True(report.Passed);
        Assert.Empty(report.Entries);
        Assert.False(GradCheck.CheckSecondOrder(_ => new Value(double.NaN), []).Passed);
    }

    [Fact]
    public void Arguments_are_checked_as_first_order_checks_them()
    {
        Assert.Throws<ArgumentNullException>(() => GradCheck.CheckSecondOrder(null!, [1.0]));
        Assert.Throws<ArgumentNullException>(() => GradCheck.CheckSecondOrder(x => x[0], null!));
        Assert.Throws<ArgumentNullException>(() => GradCheck.CheckSecondOrder(_ => null!, [1.0]));
        var names = Assert.Throws<ArgumentException>(() => GradCheck.CheckSecondOrder(x => x[0], [1.0, 2.0], names: ["x"]));
        Assert.Equal("names", names.ParamName);
        Assert.Contains("Expected 2 names", names.Message, StringComparison.Ordinal);
        var nullName = Assert.Throws<ArgumentException>(() => GradCheck.CheckSecondOrder(x => x[0], [1.0], names: [null!]));
        Assert.StartsWith("names must hold strings; found null at position 0.", nullName.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.CheckSecondOrder(x => x[0], [1.0], eps: 0));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, 1e-5, 1e-3)]
    [InlineData(1e-6, double.PositiveInfinity, 1e-3)]
    [InlineData(1e-6, 1e-5, double.PositiveInfinity)]
    [InlineData(double.NaN, 1e-5, 1e-3)]
    [InlineData(-1e-6, 1e-5, 1e-3)]
    [InlineData(1e-6, -1.0, 1e-3)]
    public void Rejects_a_bad_step_or_tolerance(double eps, double atol, double rtol)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.CheckSecondOrder(x => x[0] * x[0], [1.0], eps, atol, rtol));
        Assert.Contains(e.ParamName, new[] { "eps", "atol", "rtol" });
    }

    [Fact]
    public void Inside_no_grad_it_refuses_and_names_itself()
    {
        // No graph is recorded in NoGrad, so there would be no gradient graph to differentiate.
        using (Value.NoGrad())
        {
            var e = Assert.Throws<InvalidOperationException>(() => GradCheck.CheckSecondOrder(x => x[0] * x[0], [1.0]));
            Assert.Contains("CheckSecondOrder", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_function_sees_leaves_labelled_with_the_names_at_the_point()
    {
        var seen = new List<string?>();
        GradCheck.CheckSecondOrder(x => { seen.Add(x[0].Label); return x[0] * x[0]; }, [1.0], names: ["w"]);
        // 2·n + 1 calls: the labelled point, then x ± eps.
        Assert.Equal(3, seen.Count);
        Assert.Equal("w", seen[0]);
    }
}
