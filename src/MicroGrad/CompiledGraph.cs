using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MicroGrad;

/// <summary>
/// A <see cref="Value"/> graph flattened once into arrays (a tape), so that its forward and backward passes can be
/// replayed as often as needed, after changing the <see cref="Value.Data"/> of its leaves, without building a graph
/// or allocating. Made by <see cref="Value.Compile"/>.
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
/// share leaves and run <see cref="Backward"/> together).</para>
/// </remarks>
public sealed class CompiledGraph
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
    private readonly Instruction[] _instructions;
    private readonly double[] _values;
    // Invariant between calls: all zero. Backward clears each slot as soon as it has used it.
    private readonly double[] _grads;
    private readonly string?[]? _labels;
    // At a run's first and last instruction: the number of (Mul, Add) pairs in the run; 0 elsewhere.
    private readonly int[] _runPairs;

    internal CompiledGraph(Value output)
    {
        var traversal = Value.Traversal.Rent();
        traversal.Run(output, leavesApart: true, resetGrads: false);
        var leafCount = traversal.LeafCount;
        var interiorCount = traversal.NodeCount;
        var nodeCount = leafCount + interiorCount;

        _leaves = traversal.Leaves.AsSpan(0, leafCount).ToArray();
        var interior = traversal.Nodes.AsSpan(0, interiorCount);
        var exponents = 0;
        foreach (var node in interior)
        {
            if (node.Code == OpCode.PowConst)
                exponents++;
        }

        _values = new double[nodeCount + exponents];
        _grads = new double[nodeCount];
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
                b = node.Code.Arity() == 2 ? index[node.Right!] : a;
            }
            _instructions[j] = new Instruction(node.Code, (byte)node.Code, a, b);
        }
        _runPairs = new int[interiorCount];
        FindRuns(leafCount);

        if (anyLabel)
        {
            _labels = new string?[nodeCount];
            for (var j = 0; j < interiorCount; j++)
                _labels[leafCount + j] = interior[j].Label;
        }
        traversal.Return();
    }

    /// <summary>Number of nodes of the graph, leaves included.</summary>
    public int NodeCount => _grads.Length;

    /// <summary>The graph's leaves (inputs, parameters and constants), in the order the tape holds them.</summary>
    public IReadOnlyList<Value> Leaves => _leaves;

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
        return values[_grads.Length - 1];
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
        _grads[^1] = 1.0;
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

    // Indices were checked when compiling (every operand precedes its node, every slot exists), so the loops below
    // read the arrays without bounds checks.
    private void ForwardFast()
    {
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var instruction = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref var runPairs = ref MemoryMarshal.GetArrayDataReference(_runPairs);
        var leafCount = _leaves.Length;
        var count = _instructions.Length;
        var j = 0;
        while (j < count)
        {
            ref readonly var step = ref Unsafe.Add(ref instruction, j);
            if (step.Kind == RunStart)
            {
                // A chain sum_k = sum_k-1 + w·x keeps its running sum in a register rather than reading back the slot
                // it has just written (the same number, without the store-to-load latency on the critical path).
                var sum = 0.0;
                var sumSlot = -1;
                for (var end = j + 2 * Unsafe.Add(ref runPairs, j); j < end; j += 2)
                {
                    ref readonly var mul = ref Unsafe.Add(ref instruction, j);
                    ref readonly var add = ref Unsafe.Add(ref instruction, j + 1);
                    var product = Value.Evaluate(OpCode.Mul, Unsafe.Add(ref v, mul.A), Unsafe.Add(ref v, mul.B));
                    Unsafe.Add(ref v, leafCount + j) = product;
                    // add.B is the product's slot (FindRuns checked it).
                    var left = add.A == sumSlot ? sum : Unsafe.Add(ref v, add.A);
                    sum = Value.Evaluate(OpCode.Add, left, product);
                    sumSlot = leafCount + j + 1;
                    Unsafe.Add(ref v, sumSlot) = sum;
                }
                continue;
            }
            Unsafe.Add(ref v, leafCount + j) = Value.Evaluate(step.Op, Unsafe.Add(ref v, step.A), Unsafe.Add(ref v, step.B));
            j++;
        }
    }

    private void ForwardChecked()
    {
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var instruction = ref MemoryMarshal.GetArrayDataReference(_instructions);
        var node = _leaves.Length;
        for (var j = 0; j < _instructions.Length; j++, node++)
        {
            var (op, _, a, b) = Unsafe.Add(ref instruction, j);
            var result = Value.Evaluate(op, Unsafe.Add(ref v, a), Unsafe.Add(ref v, b));
            Unsafe.Add(ref v, node) = result;
            if (!double.IsFinite(result))
                ThrowForwardAnomaly(node);
        }
    }

    private void BackwardFast()
    {
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var grad = ref MemoryMarshal.GetArrayDataReference(_grads);
        ref var instruction = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref var runPairs = ref MemoryMarshal.GetArrayDataReference(_runPairs);
        var leafCount = _leaves.Length;
        var j = _instructions.Length - 1;
        while (j >= 0)
        {
            ref readonly var step = ref Unsafe.Add(ref instruction, j);
            if (step.Kind == RunEnd)
            {
                // As in the forward run, the gradient flowing down a chain of sums is carried in a register: when an
                // Add's first operand is the next pair's sum (and this pair's product does not read that slot), its
                // new gradient is exactly the slot's value + g, which the next pair would read back and then clear.
                var carried = 0.0;
                var carriedSlot = -1;
                for (var start = j - 2 * Unsafe.Add(ref runPairs, j); j > start; j -= 2)
                {
                    // The Add, then its product: Value.PropagateToOperands' Add and Mul cases, in that order.
                    ref readonly var add = ref Unsafe.Add(ref instruction, j);
                    ref readonly var mul = ref Unsafe.Add(ref instruction, j - 1);
                    var sumSlot = leafCount + j;
                    ref var gradOfSum = ref Unsafe.Add(ref grad, sumSlot);
                    var g = sumSlot == carriedSlot ? carried : gradOfSum;
                    gradOfSum = 0.0;
                    ref var gradOfFirst = ref Unsafe.Add(ref grad, add.A);
                    if (add.A == sumSlot - 2 && j - 2 > start && mul.A != add.A && mul.B != add.A)
                    {
                        carried = gradOfFirst + g;
                        carriedSlot = add.A;
                    }
                    else
                    {
                        gradOfFirst += g;
                    }
                    ref var gradOfProduct = ref Unsafe.Add(ref grad, add.B);
                    var gp = gradOfProduct + g;
                    gradOfProduct = 0.0;
                    Unsafe.Add(ref grad, mul.A) += Value.MulBackward(Unsafe.Add(ref v, mul.B), gp);
                    Unsafe.Add(ref grad, mul.B) += Value.MulBackward(Unsafe.Add(ref v, mul.A), gp);
                }
                continue;
            }
            var node = leafCount + j;
            ref var gradOfNode = ref Unsafe.Add(ref grad, node);
            var gradient = gradOfNode;
            gradOfNode = 0.0;
            Propagate(step.Op, step.A, step.B, node, gradient, ref v, ref grad);
            j--;
        }
    }

    private void BackwardChecked()
    {
        ref var v = ref MemoryMarshal.GetArrayDataReference(_values);
        ref var grad = ref MemoryMarshal.GetArrayDataReference(_grads);
        ref var instruction = ref MemoryMarshal.GetArrayDataReference(_instructions);
        var leafCount = _leaves.Length;
        for (var j = _instructions.Length - 1; j >= 0; j--)
        {
            var node = leafCount + j;
            var (op, _, a, b) = Unsafe.Add(ref instruction, j);
            ref var gradOfNode = ref Unsafe.Add(ref grad, node);
            var g = gradOfNode;
            gradOfNode = 0.0;
            Propagate(op, a, b, node, g, ref v, ref grad);
            if (!double.IsFinite(Unsafe.Add(ref grad, a)) || (op.Arity() == 2 && !double.IsFinite(Unsafe.Add(ref grad, b))))
                ThrowBackwardAnomaly(node, g);
        }
    }

    /// <summary>The chain rule for one node of the tape: the same cases, in the same order, with the same helpers
    /// as <see cref="Value"/>'s <c>PropagateToOperands</c>, on slots instead of nodes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Propagate(OpCode op, int a, int b, int node, double g, ref double v, ref double grad)
    {
        ref var ga = ref Unsafe.Add(ref grad, a);
        ref var gb = ref Unsafe.Add(ref grad, b);
        switch (op)
        {
            case OpCode.Add:
                ga += g;
                gb += g;
                break;
            case OpCode.Sub:
                ga += g;
                gb -= g;
                break;
            case OpCode.Mul:
                ga += Value.MulBackward(Unsafe.Add(ref v, b), g);
                gb += Value.MulBackward(Unsafe.Add(ref v, a), g);
                break;
            case OpCode.Div:
                ga += Value.DivNumeratorBackward(Unsafe.Add(ref v, b), g);
                gb += Value.DivDenominatorBackward(Unsafe.Add(ref v, a), Unsafe.Add(ref v, b), g);
                break;
            case OpCode.Neg:
                ga -= g;
                break;
            case OpCode.PowConst:
                ga += Value.PowBaseBackward(Unsafe.Add(ref v, a), Unsafe.Add(ref v, b), g);
                break;
            case OpCode.Pow:
                ga += Value.PowBaseBackward(Unsafe.Add(ref v, a), Unsafe.Add(ref v, b), g);
                gb += Value.PowExponentBackward(Unsafe.Add(ref v, a), Unsafe.Add(ref v, b), Unsafe.Add(ref v, node), g);
                break;
            case OpCode.Exp:
                ga += Value.ExpBackward(Unsafe.Add(ref v, node), g);
                break;
            case OpCode.Log:
                ga += Value.LogBackward(Unsafe.Add(ref v, a), g);
                break;
            case OpCode.Tanh:
                ga += Value.TanhBackward(Unsafe.Add(ref v, node), g);
                break;
            case OpCode.Relu:
                ga += Value.ReluBackward(Unsafe.Add(ref v, node), g);
                break;
            case OpCode.Sigmoid:
                ga += Value.SigmoidBackward(Unsafe.Add(ref v, node), g);
                break;
            default:
                ThrowHelper.ArgumentOutOfRange(nameof(op), op, "an op code with a derivative");
                break;
        }
    }

    // A detached copy of tape slot i for an anomaly message: its value, label and this pass's gradient.
    private Value Operand(int i)
    {
        var label = i < _leaves.Length ? _leaves[i].Label : i < _grads.Length ? _labels?[i] : null;
        return new Value(_values[i], label) { Grad = i < _grads.Length ? _grads[i] : 0.0 };
    }

    private Value? SecondOperand(OpCode op, int b) =>
        op.Arity() == 2 || op == OpCode.PowConst ? Operand(b) : null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowForwardAnomaly(int node)
    {
        var (op, _, a, b) = _instructions[node - _leaves.Length];
        ThrowHelper.Anomaly_Forward(op, Operand(a), SecondOperand(op, b), _values[node]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBackwardAnomaly(int node, double grad)
    {
        var (op, _, a, b) = _instructions[node - _leaves.Length];
        var message = Value.ForMessage(op, Operand(a), SecondOperand(op, b), _values[node], grad);
        // Restore the all-zero invariant before leaving in the middle of a pass.
        Array.Clear(_grads);
        ThrowHelper.Anomaly_Backward(message);
    }
}
