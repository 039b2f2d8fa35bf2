namespace MicroGrad.NN;

/// <summary>A layer of independent <see cref="Neuron"/>s reading the same inputs (micrograd's <c>Layer</c>).</summary>
public sealed class Layer : Module
{
    private readonly Neuron[] _neurons;
    private readonly Value[] _parameters;

    /// <summary>A layer of <paramref name="outputCount"/> neurons with <paramref name="inputCount"/> inputs each, drawn in order.</summary>
    /// <param name="inputCount">Inputs of every neuron.</param>
    /// <param name="outputCount">Number of neurons.</param>
    /// <param name="activation">The non-linearity of every neuron.</param>
    /// <param name="initialization">How weights are drawn.</param>
    /// <param name="rng">The generator; <see langword="null"/> uses <c>new Rng(</c><see cref="Mlp.DefaultSeed"/><c>)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputCount"/> or <paramref name="outputCount"/> is not positive.</exception>
    /// <exception cref="InsufficientMemoryException">The layer would not fit in memory (as for <see cref="Mlp"/>).</exception>
    public Layer(int inputCount, int outputCount, Activation activation = Activation.Relu, Initialization initialization = Initialization.Micrograd, Rng? rng = null)
    {
        if (inputCount <= 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(inputCount), inputCount, "a positive number of inputs");
        if (outputCount <= 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(outputCount), outputCount, "a positive number of neurons");
        if (Mlp.SizeProblem(inputCount, [outputCount]) is { } tooLarge)
            MicroGradThrow.InsufficientMemory_Network(tooLarge);
        rng ??= new Rng(Mlp.DefaultSeed);
        _neurons = new Neuron[outputCount];
        var parameters = new List<Value>(outputCount * (inputCount + 1));
        for (var n = 0; n < outputCount; n++)
        {
            _neurons[n] = new Neuron(inputCount, activation, initialization, rng, outputCount);
            parameters.AddRange(_neurons[n].Parameters());
        }
        _parameters = [.. parameters];
    }

    /// <summary>Number of inputs of every neuron.</summary>
    public int InputCount => _neurons[0].InputCount;

    /// <summary>Number of neurons (outputs).</summary>
    public int OutputCount => _neurons.Length;

    /// <summary>The neurons, in order.</summary>
    public IReadOnlyList<Neuron> Neurons => _neurons;

    /// <summary>Every neuron's output, in order (always an array, even for one neuron).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> elements.</exception>
    public Value[] Forward(IReadOnlyList<Value> x)
    {
        CheckInput(x, InputCount);
        return ForwardUnchecked(x);
    }

    internal Value[] ForwardUnchecked(IReadOnlyList<Value> x)
    {
        var outputs = new Value[_neurons.Length];
        for (var n = 0; n < outputs.Length; n++)
            outputs[n] = _neurons[n].ForwardUnchecked(x);
        return outputs;
    }

    /// <summary>The batched forward: every neuron on every row of <paramref name="x"/> (n×<see cref="InputCount"/>),
    /// <c>activation(x·W + b)</c>, an n×<see cref="OutputCount"/> tensor whose row i is <see cref="Forward(IReadOnlyList{Value})"/>
    /// of row i (to rounding: the sum starts from the first product instead of the bias).</summary>
    /// <remarks>W (InputCount×OutputCount, <c>W[p, j]</c> = neuron j's weight p) and b (1×OutputCount) are leaf tensors
    /// holding copies of the parameters' <see cref="Value.Data"/> and standing for them: a <see cref="Tensor.Backward"/>
    /// through the result adds each parameter's gradient into its <see cref="Value.Grad"/>, so an optimizer over
    /// <see cref="Module.Parameters"/> trains through this forward as through the scalar one.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> columns.</exception>
    public Tensor Forward(Tensor x)
    {
        CheckInput(x, InputCount);
        return Forward(x, GatherWeights(), GatherBias());
    }

    internal Tensor Forward(Tensor x, Tensor weights, Tensor bias) => x.Linear(weights, bias, _neurons[0].Activation);

    /// <summary>W, InputCount×OutputCount (<c>W[p, j]</c> = neuron j's weight p), a leaf standing for those
    /// weights.</summary>
    internal Tensor GatherWeights()
    {
        var (inputs, outputs) = (InputCount, OutputCount);
        var values = new Value[inputs * outputs];
        for (var j = 0; j < outputs; j++)
        {
            for (var p = 0; p < inputs; p++)
                values[p * outputs + j] = _neurons[j].Weights[p];
        }
        return Tensor.ViewOf(inputs, outputs, values);
    }

    /// <summary>b, 1×OutputCount (neuron j's bias at column j), a leaf standing for those biases.</summary>
    internal Tensor GatherBias() => Tensor.ViewOf(1, OutputCount, [.. _neurons.Select(n => n.Bias)]);

    /// <inheritdoc />
    public override IReadOnlyList<Value> Parameters() => _parameters;

    /// <summary>micrograd's repr: <c>Layer of [ReLUNeuron(2), ReLUNeuron(2)]</c>.</summary>
    public override string ToString() => $"Layer of [{string.Join(", ", (IEnumerable<Neuron>)_neurons)}]";
}
