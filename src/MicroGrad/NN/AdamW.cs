namespace MicroGrad.NN;

/// <summary>
/// AdamW (Loshchilov and Hutter; PyTorch's <c>AdamW</c>): Adam without the decay in the gradient, the decay applied
/// to the weights directly, as EurekaLabs writes it: <c>p −= lr·(m̂ / (√v̂ + ε) + λ·p)</c>, with m̂ and v̂ as in
/// <see cref="Adam"/> from the raw gradient. This equals PyTorch's <c>p ·= 1 − lr·λ; p −= lr·m̂ / (√v̂ + ε)</c>.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>AdamW with PyTorch's defaults (λ = 0.01).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate, ε or λ is negative or not finite, or a β is outside [0, 1).</exception>
    public AdamW(IReadOnlyList<Value> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0.01)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true)
    {
    }
}
