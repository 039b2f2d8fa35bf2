namespace MicroGrad;

// Reverse mode: order the graph topologically (iteratively, so depth is bounded by memory, not by the thread's
// stack; see Value.Traversal.cs), then walk it from the output back, applying each op's local derivative (the
// chain rule, Value.Ops.cs's Propagate).
public sealed partial class Value
{
    /// <summary>
    /// Back-propagates from this node: computes d(this)/d(node) for every node this one depends on.
    /// </summary>
    /// <remarks>
    /// Interior nodes' <see cref="Grad"/> are set to exactly that derivative (reset first). Leaves' <see cref="Grad"/>
    /// are incremented by it, as in PyTorch: each leaf's contributions are summed first and the sum is added to its
    /// previous <see cref="Grad"/>, so calling <c>Backward()</c> twice gives exactly twice the leaf gradients (call
    /// <see cref="ZeroGrad"/> or an optimizer's <c>ZeroGrad()</c> between steps). The topological order is built with an
    /// explicit stack: a chain of millions of nodes runs on the default thread stack. Once warm, a call allocates
    /// nothing (the order lives in buffers reused by later calls on the same thread).
    /// </remarks>
    /// <exception cref="ArithmeticException">In a <see cref="DetectAnomaly"/> scope, when a gradient becomes NaN or ±∞;
    /// the message names the op and the labels of its operands. The leaves' gradients are then left as they were
    /// (interior gradients are partial).</exception>
    public void Backward()
    {
        // Order the graph, setting every grad to 0 on the way and keeping each leaf's previous grad aside.
        var traversal = Traversal.Rent();
        traversal.RunExclusive(this, leavesApart: true, resetGrads: true);

        Grad = 1.0;
        var checkAnomaly = AnomalyActive;
        var nodes = traversal.Nodes;
        var leaves = traversal.Leaves;
        var previous = traversal.LeafGrads;
        try
        {
            for (var i = traversal.NodeCount - 1; i >= 0; i--)
            {
                // The chain rule for this node's op (Value.Ops.cs). A unary op's second slot is its operand again
                // (never written); the exponent of ** is a constant leaf outside the graph (read, never written).
                var node = nodes[i];
                var a = node._left!;
                var b = node._right ?? a;
                Propagate(node._op, a._data, b._data, node._data, node._grad, ref a._grad, ref b._grad);
                if (checkAnomaly)
                    node.CheckOperandGradients();
            }
        }
        catch (ArithmeticException)
        {
            // Anomaly mode stopped the pass: give the leaves back the gradients they had, as a compiled replay does.
            for (var i = 0; i < traversal.LeafCount; i++)
                leaves[i].Grad = previous[i];
            traversal.Return();
            throw;
        }

        // Leaves accumulate: previous grad + the sum of this pass's contributions.
        for (var i = 0; i < traversal.LeafCount; i++)
            leaves[i].Grad = previous[i] + leaves[i].Grad;
        traversal.Return();
    }

    /// <summary>Sets <see cref="Grad"/> to 0 on this node and every node below it.</summary>
    public void ZeroGrad()
    {
        var traversal = Traversal.Rent();
        traversal.RunExclusive(this, leavesApart: false, resetGrads: false);
        var nodes = traversal.Nodes;
        for (var i = 0; i < traversal.NodeCount; i++)
            nodes[i].Grad = 0.0;
        traversal.Return();
    }

    /// <summary>
    /// Every node this one depends on, itself last, each before the nodes that use it (micrograd's <c>build_topo</c>,
    /// with an explicit stack instead of recursion).
    /// </summary>
    /// <remarks>Writes nothing to the graph: any number of threads may order the same graph at once.</remarks>
    public IReadOnlyList<Value> TopologicalOrder()
    {
        var traversal = Traversal.Rent();
        traversal.RunShared(this, leavesApart: false);
        var order = traversal.Nodes.AsSpan(0, traversal.NodeCount).ToArray();
        traversal.Return();
        return order;
    }

    /// <summary>
    /// Flattens the graph below this node into a <see cref="CompiledGraph"/> whose <see cref="CompiledGraph.Forward"/>
    /// and <see cref="CompiledGraph.Backward"/> replay it from the leaves' current data, bit-identically to
    /// building it again, without allocating. Only for graphs whose shape does not depend on the data (see there).
    /// </summary>
    /// <returns>The compiled graph, with this node as its output.</returns>
    public CompiledGraph Compile() => new(this, null);

    /// <summary>
    /// As <see cref="Compile()"/>, and keeps the tape positions of <paramref name="watched"/> nodes (for example a
    /// model's outputs), whose replayed values <see cref="CompiledGraph.WatchedValue"/> reads after each
    /// <see cref="CompiledGraph.Forward"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="watched"/> or one of its nodes is null.</exception>
    /// <exception cref="ArgumentException">A watched node is not part of this graph.</exception>
    public CompiledGraph Compile(IReadOnlyList<Value> watched)
    {
        ArgumentNullException.ThrowIfNull(watched);
        return new(this, watched);
    }

    private void CheckOperandGradients()
    {
        if (_op == OpCode.Leaf)
            return;
        if (!double.IsFinite(_left!.Grad) || (Arity(_op) == 2 && !double.IsFinite(_right!.Grad)))
            MicroGradThrow.Anomaly_Backward(this);
    }
}
