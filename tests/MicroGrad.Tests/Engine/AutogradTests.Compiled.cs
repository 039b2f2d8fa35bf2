namespace MicroGrad.Tests.Engine;

/// <summary>Gradient graphs compiled (CompiledGraph) and replayed after the inputs' data change.</summary>
public partial class AutogradTests
{
    // Kinks of every kind: ReLU, abs, max and min, each reached by the gradient through Sign-based steps.
    private static Value Kinked(IReadOnlyList<Value> x) =>
        (x[0] * x[1] - 0.3).Relu() * x[2]
        + (x[0] - x[2]).Abs() * x[1]
        + Value.Max(x[0], x[1]) * x[2] * x[2]
        + Value.Min(x[1].Sin(), x[2]) * x[0];

    // Points on both sides of every kink, and on some of them: x0 = x1 (max's tie), x0 = x2 (abs at 0), x0·x1 = 0.3.
    private static readonly double[][] s_replayPoints =
    [
        [0.9, 0.8, -0.4], [-0.9, 0.8, 0.4], [0.2, -1.1, 1.3], [1.4, 1.2, 0.1], [-0.6, -0.7, -1.5],
        [0.5, 0.5, 0.2], [0.7, -0.3, 0.7], [0.5, 0.6, -1.0], [2.0, -2.0, 0.0],
    ];

    [Fact]
    public void A_compiled_gradient_graph_through_relu_abs_max_and_min_replays_what_a_fresh_gradient_gives()
    {
        // Oracle: Autograd.Grad on the function built again at each point. Compiling is valid because the gradient
        // graph of every op but Pow(Value) has the same shape at every point (the steps are Sign nodes, not C#
        // branches), so the replay must give the same bits, first and second derivatives alike (and the compiled
        // gradient's Backward, Backward's bits, those of Grad but for the sign of zeros).
        var x = new[] { new Value(0.3, "x0"), new Value(-0.2, "x1"), new Value(1.0, "x2") };
        var gradient = Autograd.Grad(Kinked(x), x, createGraph: true);
        var compiled = gradient.Select(g => g.Compile()).ToArray();
        var hessianRow = Autograd.Grad(gradient[0], x, createGraph: true);
        var compiledRow = hessianRow.Select(g => g.Compile()).ToArray();

        foreach (var point in s_replayPoints)
        {
            for (var k = 0; k < x.Length; k++)
                x[k].Data = point[k];
            var fresh = point.Select(p => new Value(p)).ToArray();
            var freshGradient = Autograd.Grad(Kinked(fresh), fresh, createGraph: true);
            var freshRow = Autograd.Grad(freshGradient[0], fresh);
            // And the fresh gradient is Backward's (bit for bit but the sign of zeros).
            var backward = BackwardGradient(Kinked, point);
            for (var i = 0; i < x.Length; i++)
            {
                var what = $"at ({string.Join(", ", point)}), input {i}";
                Assert.Equal(BitConverter.DoubleToInt64Bits(freshGradient[i].Data), BitConverter.DoubleToInt64Bits(compiled[i].Forward()));
                Assert.Equal(BitConverter.DoubleToInt64Bits(freshRow[i].Data), BitConverter.DoubleToInt64Bits(compiledRow[i].Forward()));
                AssertSameBits(backward[i], freshGradient[i].Data, what);
            }
            // The compiled gradient's own Backward is the Hessian's first row, as Grad of the fresh gradient gives it.
            compiled[0].Forward();
            foreach (var leaf in x)
                leaf.Grad = 0.0;
            compiled[0].Backward();
            for (var j = 0; j < x.Length; j++)
                AssertSameBits(freshRow[j].Data, x[j].Grad, $"at ({string.Join(", ", point)}), H[0, {j}] by compiled Backward");
        }
    }

    [Fact]
    public void A_compiled_gradient_graph_through_Pow_of_a_Value_is_valid_only_while_the_base_is_non_zero()
    {
        // Oracle: Autograd.Grad on the graph built again (the documented limitation of Value.Pow(Value)). d(aᵇ)/db =
        // aᵇ·ln a, taken as 0 at a = 0 (PyTorch's rule); the gradient graph built at a ≠ 0 holds aᵇ·ln a, which a replay
        // at a = 0 evaluates as 0·(−∞) = NaN. While the base stays non-zero the replay is exact, even where the
        // exponent crosses 0.
        var a = new Value(2.0, "a");
        var b = new Value(1.5, "b");
        var gradient = Autograd.Grad(a.Pow(b), [a, b], createGraph: true);
        var byBase = gradient[0].Compile();
        var byExponent = gradient[1].Compile();
        foreach (var (pa, pb) in new[] { (3.0, 0.0), (0.5, -2.0), (1.7, 0.25) })
        {
            a.Data = pa;
            b.Data = pb;
            var fa = new Value(pa);
            var fb = new Value(pb);
            var fresh = Autograd.Grad(fa.Pow(fb), [fa, fb]);
            Assert.Equal(fresh[0].Data, byBase.Forward());
            Assert.Equal(fresh[1].Data, byExponent.Forward());
        }
        a.Data = 0.0;
        b.Data = 2.0;
        var z = new Value(0.0);
        var e = new Value(2.0);
        Assert.Equal(0.0, Autograd.Grad(z.Pow(e), [z, e])[1].Data);
        Assert.True(double.IsNaN(byExponent.Forward()));
    }
}
