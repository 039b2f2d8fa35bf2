namespace MicroGrad;

/// <summary>
/// Buffers that a training step's tensors reuse from the previous step, so that a step allocates a few small objects
/// per layer instead of arrays as large as its batch. <see cref="NN.Objective"/> owns one per kind of pass and builds
/// each step inside <see cref="Begin"/>: while the scope is open on a thread, every tensor op made there takes its
/// <see cref="Tensor.Data"/> (and, when the backward pass first asks, its <see cref="Tensor.Grad"/>) from here, in call
/// order. The k-th request of a step gets the k-th buffer of the previous step when the length matches (the same graph
/// is built every step), otherwise a new one that replaces it.
/// </summary>
/// <remarks>
/// <para>A buffer is handed out again at the next step's scope, so nothing a caller can keep may come from here: only
/// Objective's own steps open a scope, and they return numbers, never tensors.</para>
/// <para>Data buffers are handed out as they are, holding the previous step's values: every op's forward assigns every
/// element of its output and never reads it first (a rule of Tensor.Ops.cs). Gradient buffers are cleared when handed
/// out, since the backward kernels accumulate into them and <see cref="Tensor.Backward"/> only clears gradients that
/// already exist.</para>
/// <para>Not thread-safe: one workspace serves one thread at a time, as an <see cref="NN.Objective"/> does.</para>
/// </remarks>
internal sealed class TensorWorkspace
{
    [ThreadStatic]
    private static TensorWorkspace? t_current;

    private readonly List<double[]?> _data = [];
    private readonly List<double[]?> _grads = [];
    private int _next;

    /// <summary>The workspace of the scope open on this thread, if any.</summary>
    internal static TensorWorkspace? Current => t_current;

    /// <summary>Opens this workspace's scope on this thread, starting again from its first buffer; dispose it to
    /// return to the enclosing one (scopes nest).</summary>
    public Scope Begin()
    {
        _next = 0;
        var previous = t_current;
        t_current = this;
        return new Scope(previous);
    }

    /// <summary>Reserves the next slot: a data buffer and a gradient buffer that its tensor asks for later (or
    /// never).</summary>
    public int NextSlot()
    {
        var slot = _next++;
        if (slot == _data.Count)
        {
            _data.Add(null);
            _grads.Add(null);
        }
        return slot;
    }

    /// <summary>The data buffer of <paramref name="slot"/>, of <paramref name="length"/> elements: the previous step's
    /// values when reused (every forward assigns every element of its output before reading it).</summary>
    public double[] Data(int slot, int length) => Buffer(_data, slot, length, clear: false);

    /// <summary>The gradient buffer of <paramref name="slot"/>, of <paramref name="length"/> zeros.</summary>
    public double[] Grad(int slot, int length) => Buffer(_grads, slot, length, clear: true);

    private static double[] Buffer(List<double[]?> buffers, int slot, int length, bool clear)
    {
        if (buffers[slot] is { } buffer && buffer.Length == length)
        {
            if (clear)
                Clear(buffer);
            return buffer;
        }
        return (buffers[slot] = new double[length])!;
    }

    // A large gradient (5 MB for 20,000 rows × 32) is cleared by every thread a share: zeros are zeros on any split.
    private static void Clear(double[] buffer)
    {
        const int chunk = 1 << 16;
        if (buffer.Length < 4 * chunk || Tensor.Threads == 1)
        {
            Array.Clear(buffer);
            return;
        }
        Parallel.For(0, (buffer.Length + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = Tensor.Threads },
            i => Array.Clear(buffer, i * chunk, Math.Min(chunk, buffer.Length - i * chunk)));
    }

    /// <summary>An open scope; disposing it makes the enclosing scope's workspace (or none) current again.</summary>
    internal readonly struct Scope(TensorWorkspace? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }
}
