namespace MicroGrad;

// Reverse mode, as Value.Backward.cs: order the graph topologically with an explicit stack (so depth is bounded by
// memory, not by the thread's stack), then walk it from the output back, applying each op's chain rule
// (Tensor.Ops.cs's Propagate).
public sealed partial class Tensor
{
    /// <summary>
    /// Back-propagates from this 1×1 tensor: computes d(this)/d(element) for every element of every tensor this one
    /// depends on.
    /// </summary>
    /// <remarks>
    /// As <see cref="Value.Backward"/>: interior tensors' <see cref="Grad"/> are set to exactly that derivative (reset
    /// first); leaves' <see cref="Grad"/> are incremented by it, as in PyTorch (each leaf's contributions are summed
    /// first, then added to its previous gradient), so calling <c>Backward()</c> twice gives exactly twice the leaf
    /// gradients. The topological order is built with an explicit stack: a chain of any depth runs on the default
    /// thread stack.
    /// </remarks>
    /// <exception cref="InvalidOperationException">This tensor is not 1×1.</exception>
    /// <exception cref="ArithmeticException">In a <see cref="Value.DetectAnomaly"/> scope, when a gradient element
    /// becomes NaN or ±∞; the message names the op, the operand and the element's row and column. The leaves'
    /// gradients are then left as they were (interior gradients are partial).</exception>
    public void Backward()
    {
        if (Rows != 1 || Columns != 1)
            MicroGradThrow.InvalidOperation_TensorBackwardShape(this);
        var order = TopologicalOrder();

        // Reset every gradient, keeping each leaf's previous one aside. A gradient never read yet is not allocated
        // (most nodes of a training step are new) and one of +0.0 only is not copied (a training step's parameters,
        // zeroed before the pass): either is null in `previous`, whose sum below gives the same bits.
        var leaves = new List<Tensor>();
        var previous = new List<double[]?>();
        foreach (var node in order)
        {
            if (node.SkipsGradient)
                continue;
            if (node.IsLeaf)
            {
                leaves.Add(node);
                previous.Add(node._grad is { } old && !AllPositiveZeros(old) ? (double[])old.Clone() : null);
            }
            if (node._grad is { } grad)
                Array.Clear(grad);
        }

        Grad[0] = 1.0;
        var checkAnomaly = Value.AnomalyActive;
        try
        {
            for (var i = order.Count - 1; i >= 0; i--)
            {
                var node = order[i];
                if (node.IsLeaf)
                    continue;
                Propagate(node);
                if (checkAnomaly)
                    node.CheckOperandGradients();
            }
        }
        catch (ArithmeticException)
        {
            // Anomaly mode stopped the pass: give the leaves back the gradients they had, as Value.Backward does.
            for (var i = 0; i < leaves.Count; i++)
            {
                if (previous[i] is { } before)
                    before.CopyTo(leaves[i].Grad, 0);
                else
                    Array.Clear(leaves[i].Grad);
            }
            throw;
        }

        // Leaves accumulate: previous grad + the sum of this pass's contributions; a leaf standing for Values (ViewOf)
        // adds the contributions into theirs as well, so a network's parameters get this pass's gradient.
        for (var i = 0; i < leaves.Count; i++)
        {
            var (grad, before) = (leaves[i].Grad, previous[i]);
            if (leaves[i]._values is { } values)
            {
                for (var k = 0; k < grad.Length; k++)
                    values[k].Grad += grad[k];
            }
            if (before is null)
            {
                // 0.0 + g, not g: the same bits as adding a zeroed gradient (−0.0 becomes +0.0).
                for (var k = 0; k < grad.Length; k++)
                    grad[k] = 0.0 + grad[k];
            }
            else
            {
                for (var k = 0; k < grad.Length; k++)
                    grad[k] = before[k] + grad[k];
            }
        }
    }

    // +0.0 has every bit clear: −0.0 is not +0.0 here, since (−0.0) + (−0.0) keeps the sign that 0.0 + (−0.0) drops.
    private static bool AllPositiveZeros(double[] values) =>
        !System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(values).ContainsAnyExcept(0L);

    /// <summary>
    /// Every tensor this one depends on, itself last, each before the tensors that use it (micrograd's
    /// <c>build_topo</c>, operands left to right, with an explicit stack instead of recursion).
    /// </summary>
    /// <remarks>Writes nothing to the graph: any number of threads may order the same graph at once.</remarks>
    public IReadOnlyList<Tensor> TopologicalOrder()
    {
        // The tensors seen, in a set of this call's own rather than a mark in each tensor, so that traversals of the
        // same graph on other threads cannot disturb it. A tensor graph has tens of nodes, each costing far more
        // than a lookup.
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance) { this };
        var order = new List<Tensor>();
        // The current path from this tensor, each with the index of its next operand to enter.
        var path = new Stack<(Tensor Node, int Next)>();
        path.Push((this, 0));
        while (path.Count > 0)
        {
            var (node, next) = path.Pop();
            if (next == Arity(node._op))
            {
                order.Add(node);
                continue;
            }
            path.Push((node, next + 1));
            var operand = node.Operand(next);
            if (seen.Add(operand))
                path.Push((operand, 0));
        }
        return order;
    }

    private void CheckOperandGradients()
    {
        foreach (var operand in Children)
        {
            // An operand that skips its gradient has none to check (and asking for it would allocate one).
            if (operand.SkipsGradient)
                continue;
            var bad = FirstNonFinite(operand.Grad);
            if (bad >= 0)
                MicroGradThrow.Anomaly_TensorBackward(this, operand, bad);
        }
    }
}
