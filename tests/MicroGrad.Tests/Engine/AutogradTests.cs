namespace MicroGrad.Tests.Engine;

/// <summary>Gradients as graphs (Autograd.Grad with createGraph), Hessians and Hessian-vector products.</summary>
public class AutogradTests
{
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
}
