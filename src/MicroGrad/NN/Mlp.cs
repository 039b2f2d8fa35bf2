using static System.FormattableString;

namespace MicroGrad.NN;

/// <summary>
/// A multi-layer perceptron (micrograd's <c>MLP</c>): layers of <see cref="Neuron"/>s, each feeding the next, with
/// one activation for the hidden layers and one for the output layer.
/// </summary>
/// <example>micrograd's demo model: <c>new Mlp(2, [16, 16, 1])</c> (ReLU hidden, linear output).</example>
public sealed class Mlp : Module
{
    /// <summary>The seed used when no <see cref="Rng"/> is given (micrograd's demo seed): a model built without a
    /// generator is the same on every run and every platform.</summary>
    public const ulong DefaultSeed = 1337;

    private readonly Layer[] _layers;
    private readonly Value[] _parameters;
    private readonly int[] _sizes;

    /// <summary>Builds the network, drawing every weight from <paramref name="rng"/> in <see cref="Module.Parameters()"/> order.</summary>
    /// <param name="inputCount">Width of the input.</param>
    /// <param name="layerSizes">Neurons per layer, the last being the output width (micrograd's <c>nouts</c>).</param>
    /// <param name="hidden">Activation of every layer but the last.</param>
    /// <param name="output">Activation of the last layer.</param>
    /// <param name="initialization">How weights are drawn (biases start at 0).</param>
    /// <param name="rng">The generator; <see langword="null"/> uses <c>new Rng(</c><see cref="DefaultSeed"/><c>)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputCount"/> or a layer size is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="layerSizes"/> is empty.</exception>
    /// <exception cref="InsufficientMemoryException">The network would have more parameters than one model can hold
    /// (<see cref="Array.MaxLength"/>), or need more memory than this process may use in total (about 128 bytes a
    /// parameter against <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: the machine's, a container's or the
    /// heap hard limit, not what is still free); checked before anything is allocated, the message says what it
    /// needs and what the process may use.</exception>
    public Mlp(int inputCount, IReadOnlyList<int> layerSizes, Activation hidden = Activation.Relu, Activation output = Activation.Linear,
        Initialization initialization = Initialization.Micrograd, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (inputCount <= 0)
            MicroGradThrow.ArgumentOutOfRange(nameof(inputCount), inputCount, "a positive input width");
        if (layerSizes.Count == 0)
            MicroGradThrow.Argument_NoLayers(nameof(layerSizes));
        for (var i = 0; i < layerSizes.Count; i++)
        {
            if (layerSizes[i] <= 0)
                MicroGradThrow.ArgumentOutOfRange_LayerSize(nameof(layerSizes), i, layerSizes[i]);
        }
        if (SizeProblem(inputCount, layerSizes) is { } tooLarge)
            MicroGradThrow.InsufficientMemory_Network(tooLarge);
        rng ??= new Rng(DefaultSeed);
        InputCount = inputCount;
        HiddenActivation = hidden;
        OutputActivation = output;
        _sizes = [.. layerSizes];
        _layers = new Layer[_sizes.Length];
        var parameters = new List<Value>();
        var width = inputCount;
        for (var i = 0; i < _sizes.Length; i++)
        {
            _layers[i] = new Layer(width, _sizes[i], i == _sizes.Length - 1 ? output : hidden, initialization, rng);
            parameters.AddRange(_layers[i].Parameters());
            width = _sizes[i];
        }
        _parameters = [.. parameters];
    }

    /// <summary>Width of the input.</summary>
    public int InputCount { get; }

    /// <summary>Width of the output (the last layer's size).</summary>
    public int OutputCount => _sizes[^1];

    /// <summary>Neurons per layer, as given to the constructor.</summary>
    public IReadOnlyList<int> LayerSizes => _sizes;

    /// <summary>Activation of every layer but the last.</summary>
    public Activation HiddenActivation { get; }

    /// <summary>Activation of the last layer.</summary>
    public Activation OutputActivation { get; }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The outputs for input <paramref name="x"/>, recording the graph (always an array, even for one output).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> elements.</exception>
    public Value[] Forward(IReadOnlyList<Value> x)
    {
        CheckInput(x, InputCount);
        return ForwardUnchecked(x);
    }

    /// <summary>The outputs for the numbers <paramref name="x"/>, each wrapped as a constant leaf (micrograd's
    /// <c>list(map(Value, xrow))</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> elements, or holds NaN or ±∞.</exception>
    public Value[] Forward(IReadOnlyList<double> x) => ForwardUnchecked(Wrap(x, nameof(x)));

    /// <summary>The outputs' <see cref="Value.Data"/> for <paramref name="x"/>, computed without recording a graph
    /// (inside <see cref="Value.NoGrad"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> elements, or holds NaN or ±∞.</exception>
    public double[] Predict(IReadOnlyList<double> x)
    {
        var inputs = Wrap(x, nameof(x));
        using (Value.NoGrad())
        {
            var outputs = ForwardUnchecked(inputs);
            var result = new double[outputs.Length];
            for (var i = 0; i < result.Length; i++)
                result[i] = outputs[i].Data;
            return result;
        }
    }

    /// <summary>The batched forward: the outputs for every row of <paramref name="x"/> (n×<see cref="InputCount"/>), an
    /// n×<see cref="OutputCount"/> tensor whose row i is <see cref="Forward(IReadOnlyList{Value})"/> of row i (to
    /// rounding), each layer computing <c>activation(x·W + b)</c> (<see cref="Layer.Forward(Tensor)"/>).</summary>
    /// <remarks>The weights enter as leaf tensors holding copies of the parameters and standing for them: a
    /// <see cref="Tensor.Backward"/> through the result adds each parameter's gradient into its <see cref="Value.Grad"/>
    /// (zero them first with <see cref="Module.ZeroGrad"/>), so any <see cref="Optimizer"/> trains through this forward;
    /// <see cref="Objective"/> does it for you, reusing its buffers from step to step.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> columns.</exception>
    public Tensor Forward(Tensor x)
    {
        CheckInput(x, InputCount);
        return Forward(x, new ParameterTensors(this));
    }

    internal Tensor Forward(Tensor x, ParameterTensors parameters)
    {
        for (var i = 0; i < _layers.Length; i++)
            x = _layers[i].Forward(x, parameters.Weights[i], parameters.Biases[i]);
        return x;
    }

    /// <summary>The batched <see cref="Predict(IReadOnlyList{double})"/>: the n×<see cref="OutputCount"/> outputs for the
    /// n rows of <paramref name="x"/>, computed without recording a graph (inside <see cref="Value.NoGrad"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="InputCount"/> columns, or holds
    /// NaN or ±∞.</exception>
    public Tensor Predict(Tensor x)
    {
        CheckInput(x, InputCount);
        var bad = Tensor.FirstNonFinite(x.Data);
        if (bad >= 0)
            MicroGradThrow.Argument_NotFinite(nameof(x), "input", bad / x.Columns, bad % x.Columns, x.Data[bad]);
        using (Value.NoGrad())
            return Forward(x, new ParameterTensors(this));
    }

    /// <summary>The outputs for many rows at once: <see cref="Predict(Tensor)"/> on the rows stacked as one matrix, one
    /// output array per row (each equal to <see cref="Predict(IReadOnlyList{double})"/> of that row, to rounding).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or a row is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty, or a row does not have
    /// <see cref="InputCount"/> elements or holds NaN or ±∞ (the message names the row).</exception>
    public double[][] Predict(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            MicroGradThrow.Argument_EmptyDataSet(nameof(rows), "row");
        var width = InputCount;
        var data = new double[rows.Count * width];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row is null)
                MicroGradThrow.Argument_NullEntry(nameof(rows), "a row", i);
            if (row.Count != width)
                MicroGradThrow.Argument_InputWidth(nameof(rows), width, row.Count, $"{this} (row {i})");
            for (var j = 0; j < width; j++)
            {
                if (!double.IsFinite(row[j]))
                    MicroGradThrow.Argument_NotFinite(nameof(rows), "input", i, j, row[j]);
                data[i * width + j] = row[j];
            }
        }
        var outputs = Predict(new Tensor(rows.Count, width, data));
        var result = new double[rows.Count][];
        for (var i = 0; i < result.Length; i++)
            result[i] = outputs.Data.AsSpan(i * outputs.Columns, outputs.Columns).ToArray();
        return result;
    }

    internal Value[] ForwardUnchecked(IReadOnlyList<Value> x)
    {
        var activations = x;
        Value[] outputs = [];
        for (var i = 0; i < _layers.Length; i++)
        {
            outputs = _layers[i].ForwardUnchecked(activations);
            activations = outputs;
        }
        return outputs;
    }

    private Value[] Wrap(IReadOnlyList<double> x, string paramName)
    {
        CheckInput(x, InputCount, paramName);
        var values = new Value[x.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var v = x[i];
            if (!double.IsFinite(v))
                MicroGradThrow.Argument_NotFinite(paramName, "input", i, v);
            values[i] = new Value(v);
        }
        return values;
    }

    /// <inheritdoc />
    public override IReadOnlyList<Value> Parameters() => _parameters;

    /// <summary>micrograd's repr: <c>MLP of [Layer of [ReLUNeuron(2), …], Layer of [LinearNeuron(16)]]</c>.</summary>
    public override string ToString() => $"MLP of [{string.Join(", ", (IEnumerable<Layer>)_layers)}]";

    /// <summary>The architecture in one line, e.g. <c>2-16-16-1 (relu hidden, linear output)</c>.</summary>
    public string Describe() => Describe(InputCount, _sizes, HiddenActivation, OutputActivation);

    internal static string Describe(int inputCount, IReadOnlyList<int> sizes, Activation hidden, Activation output) => sizes.Count == 1
        ? $"{inputCount}-{sizes[0]} ({output.FileName()} output, no hidden layer)"
        : $"{inputCount}-{string.Join("-", sizes)} ({hidden.FileName()} hidden, {output.FileName()} output)";

    /// <summary>Memory a network holds per parameter: its 64-byte <see cref="Value"/> and the references to it in the
    /// neuron's, the layer's and the model's lists (97 bytes measured), rounded up for the lists built on the way
    /// (129 bytes allocated per parameter while building).</summary>
    internal const long BytesPerParameter = 128;

    // Below this many parameters (128 MB) a network is not checked against the memory the process may use: the query
    // would cost more than it could save.
    private const long LargeParameterCount = 1L << 20;

    /// <summary>The number of parameters of an architecture, Σ (fan-in + 1)·size, without building it, in checked
    /// 64-bit arithmetic: <see cref="long.MaxValue"/> when it overflows (a crafted file's sizes may), so that no
    /// architecture can pass for a small one.</summary>
    internal static long ParameterCount(int inputCount, IReadOnlyList<int> sizes)
    {
        long count = 0;
        long fanIn = inputCount;
        try
        {
            foreach (var size in sizes)
            {
                count = checked(count + (fanIn + 1) * size);
                fanIn = size;
            }
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
        return count;
    }

    /// <summary>Why a network of this architecture cannot be built in this process (more parameters than one model can
    /// hold, or more memory than the process may use in total, see <see cref="MemoryBudget"/>), or null when it may.
    /// Checked before anything is allocated.</summary>
    /// <returns>The reason, naming the architecture, what it needs and what the process may use, e.g.
    /// <c>2-10000-10000-1 needs 100,050,001 parameters, about 11.9 GB, but this process may use 7.5 GB</c>.</returns>
    internal static string? SizeProblem(int inputCount, IReadOnlyList<int> sizes)
    {
        var count = ParameterCount(inputCount, sizes);
        if (count == long.MaxValue)
            return Invariant($"{Shape(inputCount, sizes)} needs more than 2⁶³ parameters");
        if (count > Array.MaxLength)
            return Invariant($"{Shape(inputCount, sizes)} needs {count:N0} parameters, more than one model can hold ({Array.MaxLength:N0})");
        if (count < LargeParameterCount)
            return null;
        var needed = count * BytesPerParameter;
        var available = MemoryBudget.AvailableBytes;
        return needed <= available ? null
            : Invariant($"{Shape(inputCount, sizes)} needs {count:N0} parameters, about {MemoryBudget.Gigabytes(needed)}, but this process may use {MemoryBudget.Gigabytes(available)}");
    }

    // The layer widths, at most a dozen of them: a crafted file may list millions.
    private static string Shape(int inputCount, IReadOnlyList<int> sizes) => sizes.Count <= 12
        ? Invariant($"{inputCount}-{string.Join("-", sizes)}")
        : Invariant($"{inputCount}-{string.Join("-", sizes.Take(10))}-…-{sizes[^1]} ({sizes.Count} layers)");
}
