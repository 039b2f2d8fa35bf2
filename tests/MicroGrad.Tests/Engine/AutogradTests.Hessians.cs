using MicroGrad.NN;

namespace MicroGrad.Tests.Engine;

/// <summary>Hessians and Hessian-vector products: symmetry, central differences of the analytic gradient, an MLP's
/// loss, and a 10⁵-deep chain.</summary>
public partial class AutogradTests
{
    [Fact]
    public void Hessians_of_random_expressions_over_every_op_are_symmetric()
    {
        // Oracle: Schwarz's theorem (every expression is C² where it is drawn). The two halves come from different
        // reverse passes whose roundings differ, so equality is to rounding: 1e-12 relative to the Hessian's largest
        // entry (a mixed partial that is a difference of two large terms has an error of the terms' size, not its own).
        for (var seed = 0UL; seed < Seeds; seed++)
        {
            var h = Autograd.Hessian(AllOpsExpressions.Create(seed), AllOpsExpressions.Inputs(seed));
            var scale = MaxAbs(h);
            for (var i = 0; i < h.GetLength(0); i++)
            {
                for (var j = 0; j < i; j++)
                    AssertClose(h[i, j], h[j, i], 0.0, 1e-12 * scale, $"seed {seed}, H[{i}, {j}] against H[{j}, {i}]");
            }
        }
    }

    [Fact]
    public void Hessians_of_random_expressions_over_every_op_are_central_differences_of_the_gradient()
    {
        // Oracle: central differences of Backward's gradient, column j = (∇f(x + h·eⱼ) − ∇f(x − h·eⱼ)) / 2h. With
        // h = 1e-5 the truncation error is h²/6·|∂³∇f| ≈ 2e-11·|∂³∇f| and the rounding error ε·|∇f|/h ≈ 2e-11·|∇f|;
        // 1e-7 relative + 1e-7·(1 + largest entry) absolute leaves room for third derivatives in the hundreds.
        const double h = 1e-5;
        for (var seed = 0UL; seed < Seeds; seed++)
        {
            var function = AllOpsExpressions.Create(seed);
            var point = AllOpsExpressions.Inputs(seed);
            var hessian = Autograd.Hessian(function, point);
            var scale = 1.0 + MaxAbs(hessian);
            for (var j = 0; j < point.Length; j++)
            {
                var plus = (double[])point.Clone();
                var minus = (double[])point.Clone();
                plus[j] += h;
                minus[j] -= h;
                var gPlus = BackwardGradient(function, plus);
                var gMinus = BackwardGradient(function, minus);
                for (var i = 0; i < point.Length; i++)
                    AssertClose((gPlus[i] - gMinus[i]) / (2 * h), hessian[i, j], 1e-7, 1e-7 * scale, $"seed {seed}, H[{i}, {j}]");
            }
        }
    }

    [Fact]
    public void Hessian_vector_products_through_an_mlp_are_central_differences_of_the_gradient()
    {
        // Oracle: central differences of Backward's gradient along v: (∇L(θ + h·v) − ∇L(θ − h·v)) / 2h. With h = 1e-4 and
        // a tanh network (smooth, so no kink within h) the truncation error is h²/6·|∇³L[v, v]| ≈ 2e-9 × a third
        // derivative of order 1 and the rounding error ε·|∇L|/h ≈ 1e-12, inside the 1e-6.
        var (model, loss) = SmallMlpLoss(seed: 7);
        var parameters = model.Parameters();
        var theta = model.GetParameterValues();
        var v = RandomVector(parameters.Count, seed: 8);
        var hv = Autograd.HessianVectorProduct(loss, parameters, v);

        const double h = 1e-4;
        var gPlus = MlpGradient(model, Shifted(theta, v, h));
        var gMinus = MlpGradient(model, Shifted(theta, v, -h));
        for (var i = 0; i < hv.Length; i++)
            AssertClose((gPlus[i] - gMinus[i]) / (2 * h), hv[i], 0.0, 1e-6, $"(H·v)[{i}]");
        Assert.Contains(hv, x => Math.Abs(x) > 1e-3);
    }

    [Fact]
    public void Hessian_vector_products_through_an_mlp_are_the_full_Hessian_times_v()
    {
        // Oracle: the full Hessian from Autograd.Hessian (one reverse pass per row), multiplied by v in double. Both
        // are exact derivatives, summed in different orders, so they agree to rounding: 1e-12 relative to Σ|Hᵢⱼ·vⱼ|.
        var (model, loss) = SmallMlpLoss(seed: 11);
        var parameters = model.Parameters();
        var v = RandomVector(parameters.Count, seed: 12);
        var hessian = Autograd.Hessian(loss, parameters);
        var hv = Autograd.HessianVectorProduct(loss, parameters, v);
        for (var i = 0; i < hv.Length; i++)
        {
            double sum = 0, magnitude = 0;
            for (var j = 0; j < hv.Length; j++)
            {
                sum += hessian[i, j] * v[j];
                magnitude += Math.Abs(hessian[i, j] * v[j]);
            }
            AssertClose(sum, hv[i], 0.0, 1e-12 * magnitude + 1e-300, $"(H·v)[{i}]");
        }
        // The loss is a sum of squares of a network's outputs: its Hessian over the parameters is symmetric
        // (Schwarz) and not zero (the weights of two layers multiply).
        Assert.True(MaxAbs(hessian) > 1e-3);
        for (var i = 0; i < hv.Length; i++)
        {
            for (var j = 0; j < i; j++)
                AssertClose(hessian[i, j], hessian[j, i], 0.0, 1e-12 * MaxAbs(hessian), $"H[{i}, {j}] against H[{j}, {i}]");
        }
    }

    [Fact]
    public void Second_derivative_of_a_chain_of_a_hundred_thousand_tanh_works_and_matches_the_recurrence()
    {
        // Oracle: the chain rule as a recurrence in doubles. yₖ = tanh(yₖ₋₁), sₖ = 1 − yₖ²: y′ₖ = sₖ·y′ₖ₋₁ and
        // y″ₖ = sₖ·y″ₖ₋₁ − 2·yₖ·sₖ·y′ₖ₋₁². Both sides round differently at each of 10⁵ steps, whose errors add up to
        // about 10⁵·ε ≈ 2e-11 relative: 1e-9. The graphs (10⁵ nodes, then the gradient's few hundred thousand) are
        // ordered with an explicit stack, so the default thread stack suffices.
        const int depth = 100_000;
        var x = new Value(0.8, "x");
        var y = x;
        for (var k = 0; k < depth; k++)
            y = y.Tanh();
        var first = Autograd.Grad(y, [x], createGraph: true)[0];
        var second = Autograd.Grad(first, [x])[0];

        double yk = 0.8, d1 = 1.0, d2 = 0.0;
        for (var k = 0; k < depth; k++)
        {
            yk = Math.Tanh(yk);
            var s = 1.0 - yk * yk;
            d2 = s * d2 - 2.0 * yk * s * d1 * d1;
            d1 = s * d1;
        }
        Assert.Equal(yk, y.Data);
        AssertClose(d1, first.Data, 1e-9, 0.0, "first derivative");
        AssertClose(d2, second.Data, 1e-9, 0.0, "second derivative");
        Assert.True(d2 != 0.0 && double.IsFinite(d2));
    }

    // A 3-input tanh network with two hidden layers and its mean squared error on four fixed samples, plus L2, so that
    // every parameter reaches the loss; 41 parameters.
    private static (Mlp Model, Value Loss) SmallMlpLoss(ulong seed)
    {
        var model = new Mlp(3, [4, 4, 1], Activation.Tanh, Activation.Linear, rng: new Rng(seed));
        // Biases start at 0: move them so that no parameter sits at a special point.
        var theta = model.GetParameterValues();
        var rng = new Rng(seed + 100);
        for (var i = 0; i < theta.Length; i++)
            theta[i] += rng.Uniform(-0.3, 0.3);
        model.SetParameterValues(theta);
        return (model, MlpLoss(model));
    }

    private static readonly double[][] s_mlpInputs = [[0.5, -1.0, 0.25], [-0.3, 0.8, 1.2], [1.1, 0.2, -0.7], [0.0, -0.4, 0.9]];
    private static readonly double[] s_mlpTargets = [0.3, -0.5, 1.0, 0.1];

    private static Value MlpLoss(Mlp model)
    {
        var predictions = new Value[s_mlpInputs.Length];
        for (var i = 0; i < predictions.Length; i++)
            predictions[i] = model.Forward(s_mlpInputs[i])[0];
        return Losses.MeanSquaredError(predictions, s_mlpTargets) + Losses.L2(model.Parameters(), 1e-3);
    }

    // Backward's gradient of the model's loss at parameters theta (the model's own values are restored after).
    private static double[] MlpGradient(Mlp model, double[] theta)
    {
        var saved = model.GetParameterValues();
        model.SetParameterValues(theta);
        model.ZeroGrad();
        MlpLoss(model).Backward();
        var gradient = model.Parameters().Select(p => p.Grad).ToArray();
        model.ZeroGrad();
        model.SetParameterValues(saved);
        return gradient;
    }

    private static double[] BackwardGradient(Func<IReadOnlyList<Value>, Value> function, double[] point)
    {
        var x = point.Select(p => new Value(p)).ToArray();
        function(x).Backward();
        return x.Select(v => v.Grad).ToArray();
    }

    private static double[] RandomVector(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var v = new double[n];
        for (var i = 0; i < n; i++)
            v[i] = rng.Uniform(-1, 1);
        return v;
    }

    private static double[] Shifted(double[] theta, double[] v, double h)
    {
        var shifted = new double[theta.Length];
        for (var i = 0; i < theta.Length; i++)
            shifted[i] = theta[i] + h * v[i];
        return shifted;
    }

    private static double MaxAbs(double[,] m)
    {
        var max = 0.0;
        foreach (var x in m)
            max = Math.Max(max, Math.Abs(x));
        return max;
    }
}
