namespace MicroGrad.Tests.Engine;

/// <summary>Gradients as graphs (Autograd.Grad with createGraph), Hessians and Hessian-vector products. This file:
/// Grad against Backward, and what Grad returns for interior, absent, repeated and output nodes. The others:
/// AutogradTests.Hessians.cs, .Calculus.cs, .Modes.cs, .Compiled.cs, .Threads.cs, .Arguments.cs.</summary>
public partial class AutogradTests
{
    private const int Seeds = 60;

    [Fact]
    public void Derivatives_of_x_cubed_at_3_are_27_18_and_6()
    {
        // Calculus: d/dx x³ = 3x² = 27, d²/dx² = 6x = 18, d³/dx³ = 6, d⁴/dx⁴ = 0 at x = 3.
        var x = new Value(3.0, "x");
        var y = x.Pow(3.0);
        var first = Autograd.Grad(y, [x], createGraph: true)[0];
        var second = Autograd.Grad(first, [x], createGraph: true)[0];
        var third = Autograd.Grad(second, [x], createGraph: true)[0];
        var fourth = Autograd.Grad(third, [x])[0];
        Assert.Equal(27.0, first.Data);
        Assert.Equal(18.0, second.Data);
        Assert.Equal(6.0, third.Data);
        Assert.Equal(0.0, fourth.Data);
    }

    [Fact]
    public void Rosenbrock_Hessian_at_its_minimum_is_exact()
    {
        // Calculus: f = (1 − x)² + 100·(y − x²)²; at (1, 1) H = [[2 − 400(y − 3x²), −400x], [−400x, 200]] = [[802, −400], [−400, 200]].
        var h = Autograd.Hessian(v => (1.0 - v[0]).Pow(2) + 100.0 * (v[1] - v[0].Pow(2)).Pow(2), [1.0, 1.0]);
        Assert.Equal(802.0, h[0, 0]);
        Assert.Equal(-400.0, h[0, 1]);
        Assert.Equal(-400.0, h[1, 0]);
        Assert.Equal(200.0, h[1, 1]);
    }

    [Fact]
    public void The_all_ops_generator_uses_every_op()
    {
        // The oracle is OpCode itself: every member but Leaf must appear in the expressions the tests below draw, so
        // that a new op without a case in AllOpsExpressions fails here rather than going untested.
        var seen = new HashSet<OpCode>();
        for (var seed = 0UL; seed < Seeds; seed++)
        {
            foreach (var node in AllOpsExpressions.Create(seed)(AllOpsExpressions.Leaves(seed)).TopologicalOrder())
                seen.Add(node.Code);
        }
        foreach (var op in Enum.GetValues<OpCode>())
            Assert.True(seen.Contains(op), $"no expression of seeds 0 … {Seeds - 1} uses {op}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Grad_equals_Backward_bit_for_bit_on_random_expressions_over_every_op(bool createGraph)
    {
        // Oracle: Value.Backward on the same graph. Grad sends each gradient through each op's derivative written with
        // Value ops, which compute the same numbers in the same order, so leaves and interior nodes alike must agree to
        // the last bit (zeros may differ in sign, as Autograd's remarks say).
        for (var seed = 0UL; seed < Seeds; seed++)
        {
            var x = AllOpsExpressions.Leaves(seed);
            var y = AllOpsExpressions.Create(seed)(x);
            // Every node as an input: leaves get their gradient, interior nodes the total derivative through them.
            var nodes = y.TopologicalOrder();
            var grads = Autograd.Grad(y, nodes, createGraph);
            y.Backward();
            for (var i = 0; i < nodes.Count; i++)
                AssertSameBits(nodes[i].Grad, grads[i].Data, $"seed {seed}, node {i} ({nodes[i].Op})");
            Assert.Equal(createGraph, grads.Any(g => !g.IsLeaf));
        }
    }

    [Fact]
    public void Grad_writes_no_node_s_Grad()
    {
        // Oracle: the sentinels written before; Grad returns its results and leaves Value.Grad alone (unlike Backward).
        for (var seed = 0UL; seed < 10; seed++)
        {
            var x = AllOpsExpressions.Leaves(seed);
            var y = AllOpsExpressions.Create(seed)(x);
            var nodes = y.TopologicalOrder();
            for (var i = 0; i < nodes.Count; i++)
                nodes[i].Grad = 1000.0 + i;
            var first = Autograd.Grad(y, x, createGraph: true);
            Autograd.Grad(first[0], x, createGraph: true);
            Autograd.Grad(y, nodes);
            for (var i = 0; i < nodes.Count; i++)
                Assert.Equal(1000.0 + i, nodes[i].Grad);
        }
    }

    [Fact]
    public void An_interior_node_as_input_gets_the_total_derivative_through_it()
    {
        // Calculus: y = u·u + sin(u) with u = x·x; dy/du = 2u + cos(u) whatever x is, summed over both uses of u.
        var x = new Value(0.7, "x");
        var u = x * x;
        var y = u * u + u.Sin();
        var grads = Autograd.Grad(y, [u, x], createGraph: true);
        var expectedU = 2.0 * u.Data + Math.Cos(u.Data);
        Assert.Equal(expectedU, grads[0].Data, 1e-15);
        // Chain rule: dy/dx = dy/du · 2x.
        Assert.Equal(expectedU * 2.0 * x.Data, grads[1].Data, 1e-15);
        // And it is a graph: d/dx of dy/du = (2 − sin u)·2x (calculus).
        var mixed = Autograd.Grad(grads[0], [x])[0];
        Assert.Equal((2.0 - Math.Sin(u.Data)) * 2.0 * x.Data, mixed.Data, 1e-15);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_input_the_output_does_not_depend_on_gets_a_zero_leaf(bool createGraph)
    {
        // Calculus: y = x·x does not depend on z, nor on a node built from x but not used by y.
        var x = new Value(2.0, "x");
        var z = new Value(5.0, "z");
        var unused = x.Exp();
        var y = x * x;
        var grads = Autograd.Grad(y, [z, unused, x], createGraph);
        Assert.Equal(0.0, grads[0].Data);
        Assert.True(grads[0].IsLeaf);
        Assert.Equal(0.0, grads[1].Data);
        Assert.True(grads[1].IsLeaf);
        Assert.Equal(4.0, grads[2].Data);
        // A node reached only through sign (whose derivative is 0) gets 0 too, as Backward gives it.
        var s = (x - 1.0).Sign() * z;
        Assert.Equal(0.0, Autograd.Grad(s, [x], createGraph)[0].Data);
    }

    [Fact]
    public void Duplicate_inputs_each_get_the_whole_gradient()
    {
        // Calculus: d(x³ + x·w)/dx = 3x² + w = 12 + 0.5 at x = 2, w = 0.5; d/dw = x = 2. As torch.autograd.grad, an
        // input listed twice gets its gradient twice, not a share of it.
        var x = new Value(2.0, "x");
        var w = new Value(0.5, "w");
        var y = x.Pow(3.0) + x * w;
        var grads = Autograd.Grad(y, [x, w, x], createGraph: true);
        Assert.Equal(12.5, grads[0].Data);
        Assert.Equal(2.0, grads[1].Data);
        Assert.Equal(12.5, grads[2].Data);
        // d²y/dx² = 6x = 12 (calculus), through either copy.
        Assert.Equal(12.0, Autograd.Grad(grads[2], [x])[0].Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_output_as_its_own_input_gets_1(bool createGraph)
    {
        // Calculus: dy/dy = 1, for an interior output and for a leaf output alike; and 1 is a constant, so its own
        // derivative is 0.
        var x = new Value(0.3, "x");
        var y = x.Sin() * x;
        var grads = Autograd.Grad(y, [y, x], createGraph);
        Assert.Equal(1.0, grads[0].Data);
        Assert.Equal(Math.Cos(0.3) * 0.3 + Math.Sin(0.3), grads[1].Data, 1e-15);
        Assert.Equal(1.0, Autograd.Grad(x, [x], createGraph)[0].Data);
        Assert.Equal(0.0, Autograd.Grad(grads[0], [x])[0].Data);
    }

    // Equal bits, but for the sign of a zero: Autograd's remarks allow it (0 + (−0) in Backward's accumulation is +0).
    internal static void AssertSameBits(double expected, double actual, string what)
    {
        if (expected == 0.0 && actual == 0.0)
            return;
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData(-710.0)]
    [InlineData(710.0)]
    [InlineData(-800.0)]
    [InlineData(800.0)]
    public void Softplus_second_derivative_stays_finite_and_accurate_far_out(double x)
    {
        // Oracle: python3 decimal at 40 digits, softplus″(x) = σ(x)·σ(−x) = e^−|x|/(1 + e^−|x|)²: 4.476286225675129956e-309
        // at ±710 (a subnormal double); 3.7e-348 at ±800, which rounds to 0. The former g/(1 + e⁻ˣ) gave ∞·0 = NaN at −710.
        var expected = Math.Abs(x) == 710.0 ? 4.476286225675129956e-309 : 0.0;
        var h = Autograd.Hessian(v => v[0].Softplus(), [x]);
        AssertClose(expected, h[0, 0], 1e-12, 0.0, $"softplus'' at {x}");
        // The binary cross-entropy whose logit sits there: the same second derivative, for either target.
        var bce = Autograd.Hessian(v => MicroGrad.NN.Losses.BinaryCrossEntropyWithLogits(v, [x > 0 ? 1.0 : 0.0]), [x]);
        AssertClose(expected, bce[0, 0], 1e-12, 0.0, $"BCE'' at {x}");
    }

    // |expected − actual| ≤ rtol·|expected| + atol.
    internal static void AssertClose(double expected, double actual, double rtol, double atol, string what) =>
        Assert.True(Math.Abs(expected - actual) <= rtol * Math.Abs(expected) + atol,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):R})");
}
