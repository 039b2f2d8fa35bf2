using System.Runtime.InteropServices;

namespace MicroGrad;

/// <summary>
/// A <see cref="Value"/> graph flattened once into arrays (a tape), so that its forward and backward passes can be
/// replayed as often as needed, after changing the <see cref="Value.Data"/> of its leaves, without building a graph
/// or allocating. Made by <see cref="Value.Compile()"/>.
/// </summary>
/// <remarks>
/// <para>Layout: node <c>i</c> of the tape is one of the graph's nodes. The leaves come first (<c>0 … L−1</c>, each
/// still referring to its <see cref="Value"/>), then the interior nodes in the graph's topological order, each an
/// op code and the indices of its operands; the exponents of <see cref="Value.Pow(double)"/> sit after the last
/// node. Values and gradients are two <see cref="double"/> arrays indexed the same way.</para>
/// <para>What is read and written: <see cref="Forward"/> reads every leaf's current <see cref="Value.Data"/> and
/// writes only the tape. <see cref="Backward"/> writes only the leaves' <see cref="Value.Grad"/>. The
/// <see cref="Value"/> objects of interior nodes are never touched: their <see cref="Value.Data"/> and
/// <see cref="Value.Grad"/> keep what the graph had when it was built or last back-propagated itself, and labels
/// are those at compile time (they are used in anomaly messages only).</para>
/// <para>Results are bit-identical to building the graph again from the leaves' current data and calling
/// <see cref="Value.Backward"/>: both evaluate each op with the same formula, visit nodes in the same order and
/// accumulate each gradient in the same order. This holds only while the graph's shape does not depend on the data:
/// ops such as <see cref="Value.Relu"/> are fine (the branch is inside the op), but a graph built with a C# branch
/// on a value (<c>if (x.Data &gt; 0) …</c>) or a loop whose length depends on data must not be compiled, because a
/// replay always follows the shape recorded at compile time.</para>
/// <para>A compiled graph keeps references to its leaves, not to its interior nodes. It is not thread-safe: one
/// thread at a time may replay it (different compiled graphs may run on different threads at once, unless they
/// share leaves and run <see cref="Backward"/> together). Compiling only reads the graph, so several threads may
/// each compile the same graph and replay their own copy's <see cref="Forward"/> at once.</para>
/// </remarks>
public sealed partial class CompiledGraph
{
    // Kind is what the fast loops dispatch on: the op code itself, or the first or last instruction of a run of
    // (Mul, Add of that product) pairs, the neuron's `sum += w * x`, which they execute without a dispatch per node.
    // Op stays the node's own op. The unused operand of a unary op points at its first operand, so that every
    // instruction reads two valid slots.
    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Instruction(OpCode Op, byte Kind, int A, int B);

    private const byte RunStart = 100;
    private const byte RunEnd = 101;

    private readonly Value[] _leaves;
    private readonly IReadOnlyList<Value> _leavesView;
    private readonly Instruction[] _instructions;
    private readonly double[] _values;
    // Indexed as _values, exponent slots included, so that every instruction's operand slots exist in both (an
    // exponent's gradient is never written: Pow(double)'s backward writes its base only). Invariant between calls:
    // all zero. Backward clears each slot as soon as it has used it.
    private readonly double[] _grads;
    // Nodes of the graph (leaves and interior); the output is the last.
    private readonly int _nodeCount;
    private readonly string?[]? _labels;
    // At a run's first and last instruction: the number of (Mul, Add) pairs in the run; 0 elsewhere.
    private readonly int[] _runPairs;
    // Tape positions of the nodes whose values WatchedValue reads.
    private readonly int[] _watched;

    internal CompiledGraph(Value output, IReadOnlyList<Value>? watched)
    {
        var traversal = Value.Traversal.Rent();
        traversal.RunShared(output, leavesApart: true);
        var leafCount = traversal.LeafCount;
        var interiorCount = traversal.NodeCount;
        var nodeCount = leafCount + interiorCount;

        _leaves = traversal.Leaves.AsSpan(0, leafCount).ToArray();
        _leavesView = Array.AsReadOnly(_leaves);
        var interior = traversal.Nodes.AsSpan(0, interiorCount);
        var exponents = 0;
        foreach (var node in interior)
        {
            if (node.Code == OpCode.PowConst)
                exponents++;
        }

        _values = new double[nodeCount + exponents];
        _grads = new double[nodeCount + exponents];
        _nodeCount = nodeCount;
        _instructions = new Instruction[interiorCount];
        // The tape index of each node, found through a dictionary only while compiling.
        var index = new Dictionary<Value, int>(nodeCount, ReferenceEqualityComparer.Instance);
        var anyLabel = false;
        for (var i = 0; i < leafCount; i++)
        {
            index.Add(_leaves[i], i);
            _values[i] = _leaves[i].Data;
        }

        var exponentSlot = nodeCount;
        for (var j = 0; j < interiorCount; j++)
        {
            var node = interior[j];
            var i = leafCount + j;
            index.Add(node, i);
            _values[i] = node.Data;
            anyLabel |= node.Label is not null;
            var a = index[node.Left!];
            int b;
            if (node.Code == OpCode.PowConst)
            {
                b = exponentSlot++;
                _values[b] = node.Right!.Data;
            }
            else
            {
                b = Value.Arity(node.Code) == 2 ? index[node.Right!] : a;
            }
            _instructions[j] = new Instruction(node.Code, (byte)node.Code, a, b);
        }
        _runPairs = new int[interiorCount];
        FindRuns(leafCount);

        _watched = new int[watched?.Count ?? 0];
        for (var w = 0; w < _watched.Length; w++)
        {
            var node = watched![w];
            if (node is null || !index.TryGetValue(node, out _watched[w]))
            {
                traversal.Return();
                if (node is null)
                    MicroGradThrow.ArgumentNull_Item(nameof(watched), "watched node", w);
                MicroGradThrow.Argument_NotInGraph(nameof(watched), w, node);
            }
        }

        if (anyLabel)
        {
            _labels = new string?[nodeCount];
            for (var j = 0; j < interiorCount; j++)
                _labels[leafCount + j] = interior[j].Label;
        }
        traversal.Return();
    }

    /// <summary>Number of nodes of the graph, leaves included.</summary>
    public int NodeCount => _nodeCount;

    /// <summary>The graph's leaves (inputs, parameters and constants), in the order the tape holds them.</summary>
    public IReadOnlyList<Value> Leaves => _leavesView;

    /// <summary>Number of nodes passed to <see cref="Value.Compile(IReadOnlyList{Value})"/> to be watched.</summary>
    public int WatchedCount => _watched.Length;

    /// <summary>The value of the <paramref name="i"/>-th watched node as of the last <see cref="Forward"/> (or compile
    /// time): what its <see cref="Value.Data"/> would be in a graph built again from the leaves' current data.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is not in [0, <see cref="WatchedCount"/>).</exception>
    public double WatchedValue(int i) => (uint)i < (uint)_watched.Length
        ? _values[_watched[i]]
        : MicroGradThrow.ArgumentOutOfRange<double>(nameof(i), i, $"an index in [0, {_watched.Length})");

    /// <summary>
    /// Re-evaluates every node from the leaves' current <see cref="Value.Data"/> and returns the output: exactly the
    /// <see cref="Value.Data"/> a graph built again from those leaves would have. Allocates nothing.
    /// </summary>
    /// <remarks>No <see cref="Value"/> is written, not even the output's (see the class remarks).</remarks>
    /// <returns>The output's value.</returns>
    /// <exception cref="ArithmeticException">In a <see cref="Value.DetectAnomaly"/> scope, when a node's value becomes
    /// NaN or ±∞ (the first such node in topological order); the message names the op and the labels of its
    /// operands.</exception>
    public double Forward()
    {
        var leaves = _leaves;
        var values = _values;
        for (var i = 0; i < leaves.Length; i++)
            values[i] = leaves[i].Data;
        if (Value.AnomalyActive)
            ForwardChecked();
        else
            ForwardFast();
        return values[_nodeCount - 1];
    }

    /// <summary>
    /// Back-propagates from the output through the values of the last <see cref="Forward"/> (or of compile time, if
    /// none), exactly as <see cref="Value.Backward"/> does: each leaf's contributions are summed and the sum is added
    /// to its previous <see cref="Value.Grad"/>, so calling it twice gives twice the gradients. Allocates nothing.
    /// </summary>
    /// <remarks>Only the leaves' <see cref="Value.Grad"/> are written (see the class remarks).</remarks>
    /// <exception cref="ArithmeticException">In a <see cref="Value.DetectAnomaly"/> scope, when a gradient becomes NaN
    /// or ±∞; the message names the op and the labels of its operands. The leaves' gradients are then left as they
    /// were.</exception>
    public void Backward()
    {
        _grads[_nodeCount - 1] = 1.0;
        if (Value.AnomalyActive)
            BackwardChecked();
        else
            BackwardFast();

        // Leaves accumulate: previous grad + the sum of this pass's contributions; then restore the all-zero tape.
        var leaves = _leaves;
        var grads = _grads;
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i].Grad = leaves[i].Grad + grads[i];
            grads[i] = 0.0;
        }
    }

    // Marks runs of consecutive (Mul, Add) pairs whose Add reads the product as its second operand. A run executes
    // the very same steps, in the same order, as dispatching on each instruction: only the dispatch is saved.
    private void FindRuns(int leafCount)
    {
        var instructions = _instructions;
        var j = 0;
        while (j < instructions.Length)
        {
            var start = j;
            while (j + 1 < instructions.Length && instructions[j].Op == OpCode.Mul
                && instructions[j + 1].Op == OpCode.Add && instructions[j + 1].B == leafCount + j)
            {
                j += 2;
            }
            if (j == start)
            {
                j++;
                continue;
            }
            var pairs = (j - start) / 2;
            _runPairs[start] = pairs;
            _runPairs[j - 1] = pairs;
            instructions[start] = instructions[start] with { Kind = RunStart };
            instructions[j - 1] = instructions[j - 1] with { Kind = RunEnd };
        }
    }
}
