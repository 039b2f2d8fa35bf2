namespace MicroGrad.NN;

/// <summary>
/// Stochastic gradient descent as PyTorch's <c>SGD</c> (no dampening, no Nesterov): <c>g = ∇p + λ·p</c>;
/// with momentum μ &gt; 0, <c>b = g</c> at the first step and <c>b = μ·b + g</c> after, and <c>g = b</c>; then
/// <c>p −= lr·g</c>. With μ = λ = 0 this is exactly micrograd's <c>p.data -= learning_rate * p.grad</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly double _learningRate;
    private readonly Func<int, double>? _schedule;
    private double[]? _buffer;

    /// <summary>SGD with a constant learning rate.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step size.</param>
    /// <param name="momentum">μ (0 for none).</param>
    /// <param name="weightDecay">λ, L2 penalty added to the gradient (0 for none).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or not finite, or momentum ≥ 1.</exception>
    public Sgd(IReadOnlyList<Value> parameters, double learningRate = 0.01, double momentum = 0.0, double weightDecay = 0.0)
        : this(parameters, null, learningRate, momentum, weightDecay)
    {
    }

    /// <summary>SGD whose learning rate at step k (from 0) is <paramref name="schedule"/>(k), e.g. micrograd's
    /// <c>k =&gt; 1.0 - 0.9 * k / 100</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or not finite, or momentum ≥ 1.</exception>
    public Sgd(IReadOnlyList<Value> parameters, Func<int, double> schedule, double momentum = 0.0, double weightDecay = 0.0)
        : this(parameters, NotNull(schedule), 0.0, momentum, weightDecay)
    {
    }

    private static Func<int, double> NotNull(Func<int, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule;
    }

    private Sgd(IReadOnlyList<Value> parameters, Func<int, double>? schedule, double learningRate, double momentum, double weightDecay)
        : base(parameters)
    {
        _learningRate = NonNegative(learningRate);
        Momentum = InUnitInterval(momentum);
        WeightDecay = NonNegative(weightDecay);
        _schedule = schedule;
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The schedule returned a negative or non-finite rate.</exception>
    public override double LearningRate
    {
        get
        {
            if (_schedule is null)
                return _learningRate;
            var lr = _schedule(StepCount);
            if (!(lr >= 0 && double.IsFinite(lr)))
                MicroGradThrow.InvalidOperation_Schedule(StepCount, lr);
            return lr;
        }
    }

    /// <inheritdoc />
    protected override void Update(Value[] parameters, double learningRate)
    {
        if (Momentum > 0)
            _buffer ??= new double[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var g = WeightDecay == 0 ? p.Grad : p.Grad + WeightDecay * p.Data;
            if (_buffer is { } buffer)
            {
                buffer[i] = StepCount == 0 ? g : Momentum * buffer[i] + g;
                g = buffer[i];
            }
            p.Data -= learningRate * g;
        }
    }
}
