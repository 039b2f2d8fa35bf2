namespace MicroGrad.NN;

/// <summary>
/// One neuron: <c>activation(b + Σ wᵢ·xᵢ)</c>, summed as micrograd does (<c>sum((wi*xi for …), self.b)</c>: start
/// from the bias, add each product in order).
/// </summary>
public sealed class Neuron : Module
{
    private readonly Value[] _weights;
    private readonly Value _bias;
    private readonly Value[] _parameters;

    /// <summary>A neuron with <paramref name="inputCount"/> weights drawn by <paramref name="initialization"/> and bias 0.</summary>
    /// <param name="inputCount">Number of inputs (weights).</param>
    /// <param name="activation">The non-linearity.</param>
    /// <param name="initialization">How the weights are drawn (a lone neuron counts a fan-out of 1 for <see cref="Initialization.Xavier"/>).</param>
    /// <param name="rng">The generator to draw from; <see langword="null"/> uses <c>new Rng(</c><see cref="Mlp.DefaultSeed"/><c>)</c>,
    /// so a neuron built without one is always the same.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputCount"/> is not positive.</exception>
    public Neuron(int inputCount, Activation activation = Activation.Relu, Initialization initialization = Initialization.Micrograd, Rng? rng = null)
        : this(inputCount, activation, initialization, rng ?? new Rng(Mlp.DefaultSeed), fanOut: 1)
    {
    }

    internal Neuron(int inputCount, Activation activation, Initialization initialization, Rng rng, int fanOut)
    {
        if (inputCount <= 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(inputCount), inputCount, "a positive number of inputs");
        Activation = activation;
        _weights = new Value[inputCount];
        for (var i = 0; i < inputCount; i++)
            _weights[i] = new Value(initialization.DrawWeight(rng, inputCount, fanOut));
        _bias = new Value(0.0);
        _parameters = [.. _weights, _bias];
    }

    /// <summary>Number of inputs (weights).</summary>
    public int InputCount => _weights.Length;

    /// <summary>The non-linearity.</summary>
    public Activation Activation { get; }

    /// <summary>The weights, in input order.</summary>
    public IReadOnlyList<Value> Weights => _weights;

    /// <summary>The bias.</summary>
    public Value Bias => _bias;

    /// <summary><c>activation(b + w₀·x₀ + w₁·x₁ + …)</c>, recording the graph.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> elements.</exception>
    public Value Forward(IReadOnlyList<Value> x)
    {
        CheckInput(x, InputCount);
        return ForwardUnchecked(x);
    }

    internal Value ForwardUnchecked(IReadOnlyList<Value> x)
    {
        var act = _bias;
        for (var i = 0; i < _weights.Length; i++)
            act += _weights[i] * x[i];
        return Activation.Apply(act);
    }

    /// <inheritdoc />
    public override IReadOnlyList<Value> Parameters() => _parameters;

    /// <summary>micrograd's repr: <c>ReLUNeuron(2)</c>, <c>LinearNeuron(16)</c>, <c>TanhNeuron(3)</c>.</summary>
    public override string ToString() => $"{Activation.ReprName()}Neuron({_weights.Length})";
}
