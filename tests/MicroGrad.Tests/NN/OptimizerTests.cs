using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>Optimizers on f(p) = p² (gradient 2p) from p = 1, against hand computations.</summary>
public class OptimizerTests
{
    private static void AssertClose(double expected, double actual, double rtol = 1e-12) =>
        Assert.True(Math.Abs(actual - expected) <= rtol * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    private static void QuadraticStep(Value p, Optimizer optimizer)
    {
        var loss = p * p;
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
    }

    [Fact]
    public void AdamW_on_a_quadratic_matches_the_hand_computation()
    {
        // Hand computation (EurekaLabs/PyTorch AdamW), lr = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01, p0 = 1:
        // step 1: g = 2; m = 0.1·2 = 0.2; v = 0.001·4 = 0.004; m̂ = 0.2/0.1 = 2; v̂ = 0.004/0.001 = 4;
        //         p = 1 − 0.1·(2/(√4 + 1e-8) + 0.01·1) = 1 − 0.1·(0.999999995 + 0.01) = 0.8990000005
        // step 2: g = 2·0.8990000005 = 1.798000001; m = 0.9·0.2 + 0.1·1.798000001 = 0.3598000001;
        //         v = 0.999·0.004 + 0.001·1.798000001² = 0.007228804003596; m̂ = m/0.19 = 1.8936842110526316;
        //         v̂ = v/0.001999 = 3.6162101068514257; √v̂ = 1.9016335363...;
        //         p = 0.8990000005 − 0.1·(m̂/(√v̂ + 1e-8) + 0.01·0.8990000005) = 0.7985190271685209
        // (arithmetic done to 50 digits with Python's decimal module).
        var p = new Value(1.0);
        var adamW = new AdamW([p], learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01);
        QuadraticStep(p, adamW);
        AssertClose(0.8990000005, p.Data);
        QuadraticStep(p, adamW);
        AssertClose(0.79851902716852091622, p.Data);
        Assert.Equal(2, adamW.StepCount);
    }

    [Fact]
    public void AdamW_decay_is_decoupled_from_the_gradient()
    {
        // PyTorch AdamW ≡ p·(1 − lr·λ) − lr·m̂/(√v̂ + ε) with m̂, v̂ from the raw gradient; with a zero gradient
        // m̂ = v̂ = 0, so only the decay acts: p = 1 − 0.1·0.5·1 = 0.95 (hand computation).
        var p = new Value(1.0);
        var adamW = new AdamW([p], learningRate: 0.1, weightDecay: 0.5);
        adamW.ZeroGrad();
        adamW.Step();
        AssertClose(0.95, p.Data);
    }

    [Fact]
    public void Adam_adds_weight_decay_to_the_gradient()
    {
        // Hand computation (PyTorch Adam, λ = 0.1 as L2): g = 2 + 0.1 = 2.1; m̂ = 2.1; v̂ = 4.41; √v̂ = 2.1;
        // p = 1 − 0.1·2.1/(2.1 + 1e-8) = 0.9000000004761905 (50-digit decimal arithmetic).
        var p = new Value(1.0);
        QuadraticStep(p, new Adam([p], learningRate: 0.1, weightDecay: 0.1));
        AssertClose(0.90000000047619047392, p.Data);
    }

    [Fact]
    public void Sgd_momentum_and_weight_decay_follow_pytorch()
    {
        // Hand computation (PyTorch SGD, no dampening): lr 0.1, μ 0.9: step 1 g = 2, b = 2, p = 0.8;
        // step 2 g = 1.6, b = 0.9·2 + 1.6 = 3.4, p = 0.8 − 0.34 = 0.46.
        var p = new Value(1.0);
        var sgd = new Sgd([p], learningRate: 0.1, momentum: 0.9);
        QuadraticStep(p, sgd);
        AssertClose(0.8, p.Data);
        QuadraticStep(p, sgd);
        AssertClose(0.46, p.Data);

        // λ = 0.1: g = 2 + 0.1 = 2.1, p = 1 − 0.21 = 0.79.
        var q = new Value(1.0);
        QuadraticStep(q, new Sgd([q], learningRate: 0.1, weightDecay: 0.1));
        AssertClose(0.79, q.Data);
    }

    [Fact]
    public void Sgd_schedule_is_read_at_each_step()
    {
        var p = new Value(0.0);
        var sgd = new Sgd([p], k => 1.0 - 0.9 * k / 100);
        Assert.Equal(1.0, sgd.LearningRate);
        sgd.Step();
        Assert.Equal(1.0 - 0.9 * 1 / 100, sgd.LearningRate);
    }

    [Fact]
    public void Bad_hyper_parameters_name_expected_and_actual()
    {
        var p = new Value(1.0);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], learningRate: -1));
        Assert.Contains("non-negative number; got -1.0", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([p], beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], epsilon: double.NaN));
        var bad = new Sgd([p], _ => double.NaN);
        Assert.Throws<InvalidOperationException>(bad.Step);
    }
}
