namespace MicroGrad.Tests.Engine;

/// <summary>Autograd inside Value.NoGrad() and Value.DetectAnomaly() scopes.</summary>
public partial class AutogradTests
{
    [Fact]
    public void Inside_NoGrad_Grad_with_createGraph_records_nothing()
    {
        // Oracle: the same Grad outside the scope (the numbers) and NoGrad's contract (every result is a leaf).
        var x = new Value(0.7, "x");
        var y = x.Sin() * x.Exp();
        var outside = Autograd.Grad(y, [x], createGraph: true)[0];
        Value inside;
        using (Value.NoGrad())
            inside = Autograd.Grad(y, [x], createGraph: true)[0];
        Assert.True(inside.IsLeaf);
        Assert.False(outside.IsLeaf);
        Assert.Equal(outside.Data, inside.Data);
        // Nothing to differentiate again: the leaf does not depend on x.
        Assert.Equal(0.0, Autograd.Grad(inside, [x])[0].Data);
    }

    [Fact]
    public void Inside_NoGrad_Hessian_and_Hessian_vector_products_throw_a_clear_InvalidOperationException()
    {
        // Oracle: Autograd's contract (a Hessian needs a recorded gradient graph). The message names the method, the
        // scope and what to do.
        var x = new Value(1.5, "x");
        var y = x.Pow(3.0);
        using (Value.NoGrad())
        {
            foreach (var call in new (string Name, Action Run)[]
            {
                ("Hessian", () => Autograd.Hessian(v => v[0].Pow(3.0), [1.5])),
                ("Hessian", () => Autograd.Hessian(y, [x])),
                ("HessianVectorProduct", () => Autograd.HessianVectorProduct(v => v[0].Pow(3.0), [1.5], [1.0])),
                ("HessianVectorProduct", () => Autograd.HessianVectorProduct(y, [x], [1.0])),
            })
            {
                var e = Assert.Throws<InvalidOperationException>(call.Run);
                Assert.StartsWith(call.Name + " needs a recorded graph", e.Message, StringComparison.Ordinal);
                Assert.Contains("Value.NoGrad()", e.Message, StringComparison.Ordinal);
                Assert.Contains("outside that scope", e.Message, StringComparison.Ordinal);
            }
        }
        // Outside it, the graph built before is fine: d²(x³)/dx² = 6x = 9 (calculus).
        Assert.Equal(9.0, Autograd.Hessian(y, [x])[0, 0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void In_DetectAnomaly_a_non_finite_gradient_throws_naming_the_op_and_the_mode_is_restored(bool createGraph)
    {
        // Calculus: d√x/dx = 1/(2√x) and d ln x/dx = 1/x are +∞ at 0 (both forwards are fine or built outside).
        var x = new Value(0.0, "x");
        var root = (x + 0.0).Sqrt();
        root.Label = "root";
        var log = x.Log();
        using (Value.DetectAnomaly())
        {
            var e = Assert.Throws<ArithmeticException>(() => Autograd.Grad(root * 2.0, [x], createGraph));
            Assert.Contains("backward: op 'sqrt' ('root' (data 0.0)", e.Message, StringComparison.Ordinal);
            Assert.Contains("inf", e.Message, StringComparison.Ordinal);
            var l = Assert.Throws<ArithmeticException>(() => Autograd.Grad(log, [x], createGraph));
            Assert.Contains("op 'log'", l.Message, StringComparison.Ordinal);
            Assert.Contains("'x' (data 0.0) with grad inf", l.Message, StringComparison.Ordinal);
            // Still on after the throws (Autograd turns it off while it builds the derivative's ops): a forward that
            // gives −∞ throws.
            Assert.True(Value.AnomalyActive);
            Assert.Throws<ArithmeticException>(() => new Value(0.0).Log());
        }
        Assert.False(Value.AnomalyActive);
        // Outside the scope: +∞, silently (IEEE 754).
        Assert.Equal(double.PositiveInfinity, Autograd.Grad(log, [x], createGraph)[0].Data);
    }

    [Fact]
    public void In_DetectAnomaly_Grad_throws_where_Backward_does_with_the_same_message()
    {
        // Oracle: Backward in the same scope. Here each share sent to x is finite (10³⁰⁸) but their sum is ∞, which
        // Backward reports at the op whose share overflowed x's gradient.
        var x = new Value(1e-300, "x");
        var y = x * 1e308 + x * 1e308;
        y.Label = "y";
        using (Value.DetectAnomaly())
        {
            var fromBackward = Assert.Throws<ArithmeticException>(y.Backward);
            var fromGrad = Assert.Throws<ArithmeticException>(() => Autograd.Grad(y, [x]));
            var fromGraph = Assert.Throws<ArithmeticException>(() => Autograd.Grad(y, [x], createGraph: true));
            Assert.Contains("with grad inf", fromBackward.Message, StringComparison.Ordinal);
            Assert.Equal(fromBackward.Message, fromGrad.Message);
            Assert.Equal(fromBackward.Message, fromGraph.Message);

            // Same message for a non-finite share, on a labelled node.
            var z = new Value(0.0, "z");
            var w = z.Sqrt();
            w.Label = "w";
            var u = w * 3.0;
            var backward = Assert.Throws<ArithmeticException>(u.Backward);
            Assert.Equal(backward.Message, Assert.Throws<ArithmeticException>(() => Autograd.Grad(u, [z])).Message);

            // Pow(Value) at a zero base sends ∞ to the base and drops the exponent's share (0 by PyTorch's rule): the
            // message gives the exponent's own gradient (0), not the base's (found by review: it said inf for both).
            var a = new Value(0.0, "a");
            var b = new Value(0.5, "b");
            var p = a.Pow(b);
            var fromPow = Assert.Throws<ArithmeticException>(p.Backward);
            Assert.Contains("'b' (data 0.5) with grad 0.0", fromPow.Message, StringComparison.Ordinal);
            Assert.Equal(fromPow.Message, Assert.Throws<ArithmeticException>(() => Autograd.Grad(p, [a, b])).Message);
            Assert.Equal(fromPow.Message,
                Assert.Throws<ArithmeticException>(() => Autograd.Grad(p, [a, b], createGraph: true)).Message);
        }
    }

    [Fact]
    public void In_DetectAnomaly_finite_gradients_do_not_throw_and_are_unchanged()
    {
        // Oracle: the same Grad outside the scope, bit for bit.
        for (var seed = 0UL; seed < 10; seed++)
        {
            var x = AllOpsExpressions.Leaves(seed);
            var y = AllOpsExpressions.Create(seed)(x);
            var expected = Autograd.Grad(y, x, createGraph: true);
            Value[] actual;
            using (Value.DetectAnomaly())
                actual = Autograd.Grad(y, x, createGraph: true);
            for (var i = 0; i < x.Length; i++)
                AssertSameBits(expected[i].Data, actual[i].Data, $"seed {seed}, input {i}");
        }
    }

    [Fact]
    public void Modes_nest_around_Grad()
    {
        // Oracle: the scopes' contracts. d ln x/dx at 0 is ∞ (calculus).
        var x = new Value(0.0, "x");
        var log = x.Log();
        using (Value.DetectAnomaly())
        {
            using (Value.DetectAnomaly())
                Assert.Throws<ArithmeticException>(() => Autograd.Grad(log, [x]));
            // The outer scope is still open.
            Assert.True(Value.AnomalyActive);
            Assert.Throws<ArithmeticException>(() => Autograd.Grad(log, [x], createGraph: true));
            using (Value.NoGrad())
            {
                // Both at once: anomaly checks on, no graph recorded.
                Assert.Throws<ArithmeticException>(() => Autograd.Grad(log, [x], createGraph: true));
                var t = new Value(0.5, "t");
                var tanh = t.Tanh();
                Assert.True(tanh.IsLeaf);
            }
            Assert.True(Value.AnomalyActive);
            Assert.False(Value.NoGradActive);
        }
        using (Value.NoGrad())
        {
            using (Value.DetectAnomaly())
            {
                var e = new Value(0.3, "e");
                Value y;
                using (Value.NoGrad())
                    y = e.Exp();
                // Built inside NoGrad: a leaf, so d/de is 0.
                Assert.Equal(0.0, Autograd.Grad(y, [e], createGraph: true)[0].Data);
                Assert.Throws<ArithmeticException>(() => Autograd.Grad(log, [x]));
            }
            Assert.False(Value.AnomalyActive);
            Assert.True(Value.NoGradActive);
        }
        Assert.False(Value.NoGradActive);
        Assert.False(Value.AnomalyActive);
    }
}
