namespace MicroGrad.Tests.Engine;

/// <summary>micrograd's own tests (test/test_engine.py) and the lecture's examples, with their PyTorch oracles.</summary>
public class MicrogradTests
{
    private static void AssertClose(double expected, double actual, double rtol = 1e-12) =>
        Assert.True(Math.Abs(actual - expected) <= rtol * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R} (relative tolerance {rtol})");

    [Fact]
    public void Sanity_check_matches_pytorch()
    {
        // micrograd test_sanity_check; oracle: PyTorch (ymg == ypt: -20.0, x.grad == 46.0).
        var x = new Value(-4.0);
        var z = 2 * x + 2 + x;
        var q = z.Relu() + z * x;
        var h = (z * z).Relu();
        var y = h + q + q * x;
        y.Backward();

        Assert.Equal(-20.0, y.Data);
        Assert.Equal(46.0, x.Grad);
    }

    [Fact]
    public void More_ops_match_pytorch()
    {
        // micrograd test_more_ops; oracle: PyTorch float64 values quoted in the issue.
        var a = new Value(-4.0);
        var b = new Value(2.0);
        var c = a + b;
        var d = a * b + b.Pow(3);
        c += c + 1;
        c += 1 + c + (-a);
        d += d * 2 + (b + a).Relu();
        d += 3 * d + (b - a).Relu();
        var e = c - d;
        var f = e.Pow(2);
        var g = f / 2.0;
        g += 10.0 / f;
        g.Backward();

        AssertClose(24.70408163265306, g.Data);
        AssertClose(138.83381924198252, a.Grad);
        AssertClose(645.5772594752187, b.Grad);
    }

    [Fact]
    public void Lecture_neuron_matches_pytorch()
    {
        // Lecture "manual backprop" neuron; oracle: PyTorch float64 (o = 0.7071067811865476, x1.grad = -1.5,
        // w1.grad = 1.0, x2.grad = 0.5, w2.grad = 0).
        var x1 = new Value(2.0, "x1");
        var x2 = new Value(0.0, "x2");
        var w1 = new Value(-3.0, "w1");
        var w2 = new Value(1.0, "w2");
        var b = new Value(6.8813735870195432, "b");
        var n = x1 * w1 + x2 * w2 + b;
        var o = n.Tanh();
        o.Backward();

        AssertClose(0.7071067811865476, o.Data);
        AssertClose(-1.5, x1.Grad, 1e-12);
        AssertClose(1.0, w1.Grad, 1e-12);
        AssertClose(0.5, x2.Grad, 1e-12);
        Assert.Equal(0.0, w2.Grad);
    }

    [Fact]
    public void Lecture_neuron_with_exp_matches_tanh_version()
    {
        // Lecture: tanh rewritten as (e^2n - 1)/(e^2n + 1); same oracle as above (PyTorch float64).
        var x1 = new Value(2.0);
        var x2 = new Value(0.0);
        var w1 = new Value(-3.0);
        var w2 = new Value(1.0);
        var b = new Value(6.8813735870195432);
        var n = x1 * w1 + x2 * w2 + b;
        var e = (2 * n).Exp();
        var o = (e - 1) / (e + 1);
        o.Backward();

        AssertClose(0.7071067811865476, o.Data, 1e-12);
        AssertClose(-1.5, x1.Grad, 1e-10);
        AssertClose(1.0, w1.Grad, 1e-10);
    }

    [Fact]
    public void A_value_used_twice_accumulates_its_gradient()
    {
        // Lecture bug fix: b = a + a gives db/da = 2 (calculus; PyTorch agrees).
        var a = new Value(3.0, "a");
        var b = a + a;
        b.Backward();

        Assert.Equal(6.0, b.Data);
        Assert.Equal(2.0, a.Grad);
    }

    [Fact]
    public void Shared_operands_get_the_sum_of_both_paths()
    {
        // Lecture: f = (a*b)*(a+b) with a = -2, b = 3; by hand (and PyTorch): df/da = 2ab + b^2 = -3, df/db = a^2 + 2ab = -8.
        var a = new Value(-2.0);
        var b = new Value(3.0);
        var f = a * b * (a + b);
        f.Backward();

        Assert.Equal(-6.0, f.Data);
        Assert.Equal(-3.0, a.Grad);
        Assert.Equal(-8.0, b.Grad);
    }
}
