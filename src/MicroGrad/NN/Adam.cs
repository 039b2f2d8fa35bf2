namespace MicroGrad.NN;

/// <summary>
/// Adam as PyTorch's <c>Adam</c> (weight decay, if any, as an L2 term added to the gradient). At step t (from 1):
/// <c>g = ∇p + λ·p</c>, <c>m = β₁·m + (1 − β₁)·g</c>, <c>v = β₂·v + (1 − β₂)·g²</c>, <c>m̂ = m / (1 − β₁ᵗ)</c>,
/// <c>v̂ = v / (1 − β₂ᵗ)</c>, <c>p −= lr·m̂ / (√v̂ + ε)</c>.
/// </summary>
public class Adam : Optimizer
{
    private readonly double _learningRate;
    private readonly bool _decoupled;
    private readonly double[] _m;
    private readonly double[] _v;

    /// <summary>Adam with PyTorch's defaults.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate, ε or λ is negative or not finite, or a β is outside [0, 1).</exception>
    public Adam(IReadOnlyList<Value> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0.0)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    private protected Adam(IReadOnlyList<Value> parameters, double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, bool decoupled)
        : base(parameters)
    {
        _learningRate = NonNegative(learningRate);
        Beta1 = InUnitInterval(beta1);
        Beta2 = InUnitInterval(beta2);
        Epsilon = NonNegative(epsilon);
        WeightDecay = NonNegative(weightDecay);
        _decoupled = decoupled;
        _m = new double[Parameters().Count];
        _v = new double[Parameters().Count];
    }

    /// <inheritdoc />
    public override double LearningRate => _learningRate;

    /// <summary>β₁, the decay of the first-moment average.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second-moment average.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to √v̂.</summary>
    public double Epsilon { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    protected sealed override void Update(Value[] parameters, double learningRate)
    {
        var t = StepCount + 1;
        var correction1 = 1.0 - Math.Pow(Beta1, t);
        var correction2 = 1.0 - Math.Pow(Beta2, t);
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var g = p.Grad;
            if (!_decoupled && WeightDecay != 0)
                g += WeightDecay * p.Data;
            _m[i] = Beta1 * _m[i] + (1.0 - Beta1) * g;
            _v[i] = Beta2 * _v[i] + (1.0 - Beta2) * g * g;
            var mHat = _m[i] / correction1;
            var vHat = _v[i] / correction2;
            var direction = mHat / (Math.Sqrt(vHat) + Epsilon);
            // EurekaLabs' AdamW: p -= lr * (m_hat / (sqrt(v_hat) + eps) + wd * p), the decay read before the update.
            if (_decoupled)
                direction += WeightDecay * p.Data;
            p.Data -= learningRate * direction;
        }
    }
}
