using System.Buffers;

namespace MicroGrad;

/// <summary>
/// Gradients returned as values rather than accumulated into <see cref="Value.Grad"/> (<c>torch.autograd.grad</c>),
/// optionally as graphs that can be differentiated again: second and higher derivatives, Hessians and
/// Hessian-vector products.
/// </summary>
/// <remarks>
/// <para>It walks the same reverse topological order as <see cref="Value.Backward"/>, but sends each node's gradient
/// back through its op's derivative written with <see cref="Value"/> ops (each op's <c>Gradient</c> in the
/// <c>Value.Ops.*.cs</c> files), so the gradient of <c>tanh(x)</c> is the graph <c>(1 − t·t)·g</c> over the same
/// nodes. Without <c>createGraph</c> it is <see cref="Value.Backward"/>'s pass on numbers of its own, so its results
/// are Backward's, bit for bit; with it, the ops compute the same numbers in the same order, so the results' data are
/// Backward's too, but where an operand or a gradient is NaN or ±∞ (and the sign of a zero gradient may differ).</para>
/// <para>It writes nothing to the graph (no <see cref="Value.Grad"/>, no traversal marks), so any number of threads
/// may differentiate the same graph at once. A gradient graph has the same shape at every point for every op except
/// <see cref="Value.Pow(Value)"/> (see there), so it can be compiled (<see cref="Value.Compile()"/>) and replayed after
/// the inputs' data change.</para>
/// </remarks>
public static class Autograd
{
    /// <summary>
    /// d(<paramref name="output"/>)/d(input) for each of <paramref name="inputs"/>, returned, not accumulated into
    /// <see cref="Value.Grad"/> (<c>torch.autograd.grad</c>).
    /// </summary>
    /// <param name="output">The value to differentiate.</param>
    /// <param name="inputs">The nodes to differentiate by: leaves, or any node of the graph (its gradient is then the
    /// total derivative through it).</param>
    /// <param name="createGraph">Whether each result is a graph over the inputs (and the graph's other leaves) that
    /// can be differentiated again (<c>create_graph=True</c>); otherwise each result is a new leaf holding the number.
    /// Inside <see cref="Value.NoGrad"/> no graph is recorded either way.</param>
    /// <returns>One value per input, in order; a new leaf holding 0 for an input the output does not depend on.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">An input is null (as the BCL reports a null item of a list); the message
    /// gives its position.</exception>
    /// <exception cref="ArithmeticException">In a <see cref="Value.DetectAnomaly"/> scope, when a gradient becomes NaN
    /// or ±∞; the message names the op and the labels of its operands.</exception>
    public static Value[] Grad(Value output, IReadOnlyList<Value> inputs, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null)
                MicroGradThrow.Argument_NullItem(nameof(inputs), "inputs", i);
        }
        // The graph below the output in topological order (each node after its operands, the output last), and each
        // node's position in it, in buffers reused by the thread's next traversal; read-only, as the marks live in the
        // traversal's own map, not in the nodes.
        var traversal = Value.Traversal.Rent();
        try
        {
            traversal.RunIndexed(output);
            var order = traversal.Nodes.AsSpan(0, traversal.NodeCount);
            return createGraph ? GraphSweep(order, traversal.Index, inputs) : NumberSweep(order, traversal.Index, inputs);
        }
        finally
        {
            traversal.Return();
        }
    }

    /// <summary>
    /// The Hessian of <paramref name="function"/> at <paramref name="point"/>: <c>H[i, j] = ∂(∂f/∂xᵢ)/∂xⱼ</c>, row i
    /// being the gradient of ∂f/∂xᵢ (one gradient graph, then one reverse pass per row).
    /// </summary>
    /// <param name="function">Builds the output from fresh leaves holding the point (labelled x0, x1, …).</param>
    /// <param name="point">Where to evaluate it.</param>
    /// <returns>The n × n matrix. Where f is twice continuously differentiable it is symmetric up to rounding (the two
    /// halves are computed by different passes); at points where it is not, such as a zero base of
    /// <see cref="Value.Pow(Value)"/>, the two halves may differ, as the derivatives taken in either order do.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="point"/> is null, or the
    /// function returned null.</exception>
    /// <exception cref="InvalidOperationException">Called inside <see cref="Value.NoGrad"/>, where no graph is recorded
    /// to differentiate.</exception>
    public static double[,] Hessian(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point)
    {
        RequireGraphRecorded(nameof(Hessian));
        var (output, inputs) = Evaluate(function, point);
        return Hessian(output, inputs);
    }

    /// <summary>The Hessian of <paramref name="output"/> with respect to <paramref name="inputs"/>:
    /// <c>H[i, j] = ∂(∂output/∂inputᵢ)/∂inputⱼ</c> (see <see cref="Hessian(Func{IReadOnlyList{Value}, Value}, IReadOnlyList{double})"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">An input is null.</exception>
    /// <exception cref="InvalidOperationException">Called inside <see cref="Value.NoGrad"/>.</exception>
    public static double[,] Hessian(Value output, IReadOnlyList<Value> inputs)
    {
        RequireGraphRecorded(nameof(Hessian));
        var gradient = Grad(output, inputs, createGraph: true);
        var n = gradient.Length;
        var hessian = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            var row = Grad(gradient[i], inputs);
            for (var j = 0; j < n; j++)
                hessian[i, j] = row[j].Data;
        }
        return hessian;
    }

    /// <summary>
    /// The Hessian-vector product <c>H·v</c> of <paramref name="function"/> at <paramref name="point"/>, without
    /// forming H: the gradient of <c>∇f·v</c> (two reverse passes, whatever the number of inputs).
    /// </summary>
    /// <param name="function">Builds the output from fresh leaves holding the point (labelled x0, x1, …).</param>
    /// <param name="point">Where to evaluate it.</param>
    /// <param name="vector">v, one number per input.</param>
    /// <returns>H·v, one number per input.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException"><paramref name="vector"/> does not hold one number per input.</exception>
    /// <exception cref="InvalidOperationException">Called inside <see cref="Value.NoGrad"/>.</exception>
    public static double[] HessianVectorProduct(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point,
        IReadOnlyList<double> vector)
    {
        // Checked before the function runs.
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Count != point.Count)
            MicroGradThrow.Argument_CountMismatch(nameof(vector), "numbers", point.Count, vector.Count, "one per input");
        RequireGraphRecorded(nameof(HessianVectorProduct));
        var (output, inputs) = Evaluate(function, point);
        return HessianVectorProduct(output, inputs, vector);
    }

    /// <summary>The Hessian-vector product <c>H·v</c> of <paramref name="output"/> with respect to
    /// <paramref name="inputs"/> (for example a model's parameters): the gradient of <c>∇output·v</c>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="vector"/> does not hold one number per input, or an input
    /// is null.</exception>
    /// <exception cref="InvalidOperationException">Called inside <see cref="Value.NoGrad"/>.</exception>
    public static double[] HessianVectorProduct(Value output, IReadOnlyList<Value> inputs, IReadOnlyList<double> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(inputs);
        if (vector.Count != inputs.Count)
            MicroGradThrow.Argument_CountMismatch(nameof(vector), "numbers", inputs.Count, vector.Count, "one per input");
        RequireGraphRecorded(nameof(HessianVectorProduct));
        var gradient = Grad(output, inputs, createGraph: true);
        Value? dot = null;
        for (var i = 0; i < gradient.Length; i++)
        {
            var term = gradient[i] * vector[i];
            dot = dot is null ? term : dot + term;
        }
        var product = new double[inputs.Count];
        if (dot is null)
            return product;
        var row = Grad(dot, inputs);
        for (var i = 0; i < product.Length; i++)
            product[i] = row[i].Data;
        return product;
    }

    // Backward's pass on numbers, into an array of the pass's own instead of the nodes' Grad: the same Propagate in
    // the same order, so the same bits as Backward (its leaves' sums before they are added to their previous Grad).
    private static Value[] NumberSweep(ReadOnlySpan<Value> order, Dictionary<Value, int> index, IReadOnlyList<Value> inputs)
    {
        var grads = Rent<double>(order.Length);
        Array.Clear(grads, 0, order.Length);
        grads[order.Length - 1] = 1.0;
        var checkAnomaly = Value.AnomalyActive;
        for (var i = order.Length - 1; i >= 0; i--)
        {
            var node = order[i];
            if (node.IsLeaf)
                continue;
            // A unary op's second slot is its operand again (never written), as in Backward; the exponent of ** is
            // read from its constant leaf, which is not in the order.
            var a = index[node.Left!];
            var b = Value.Arity(node.Code) == 2 ? index[node.Right!] : a;
            Value.Propagate(node.Code, node.Left!.Data, (node.Right ?? node.Left).Data, node.Data, grads[i],
                ref grads[a], ref grads[b]);
            if (checkAnomaly && (!double.IsFinite(grads[a]) || !double.IsFinite(grads[b])))
                ThrowAnomaly(node, grads[i], grads[a], Value.Arity(node.Code) == 2 ? grads[b] : 0.0);
        }

        var result = new Value[inputs.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = new Value(index.TryGetValue(inputs[i], out var j) ? grads[j] : 0.0);
        Return(grads);
        return result;
    }

    // The same pass with ops: each node's gradient, complete once every node that uses it has been passed (reverse
    // topological order), is sent to its operands through Value.Gradient (each op's backward written with ops), and
    // what reaches a node is summed in order. The ops compute Propagate's numbers in Propagate's order.
    private static Value[] GraphSweep(ReadOnlySpan<Value> order, Dictionary<Value, int> index, IReadOnlyList<Value> inputs)
    {
        var grads = Rent<Value?>(order.Length);
        Array.Clear(grads, 0, order.Length);
        grads[order.Length - 1] = new Value(1.0);

        // Anomaly mode checks each operand's gradient once this node's share is added (below), not the ops that
        // compute it, so that a message names the op being differentiated rather than a step of its derivative. As
        // Backward, it checks the sums, not only the shares: two finite shares can add up to ∞.
        var checkAnomaly = Value.AnomalyActive;
        var suspended = Value.SuspendAnomaly();
        try
        {
            for (var i = order.Length - 1; i >= 0; i--)
            {
                var node = order[i];
                if (grads[i] is not { } g || node.IsLeaf)
                    continue;
                var (ga, gb) = Value.Gradient(node, g);
                var ia = index[node.Left!];
                Accumulate(grads, ia, ga);
                // A unary op's second slot is its operand again, as in Backward (a share dropped by a binary op, as
                // Pow(Value)'s at a zero base, leaves its operand's sum as it was).
                var ib = Value.Arity(node.Code) == 2 ? index[node.Right!] : ia;
                if (gb is not null)
                    Accumulate(grads, ib, gb);
                if (checkAnomaly && (!IsFiniteOrAbsent(grads[ia]) || !IsFiniteOrAbsent(grads[ib])))
                    ThrowAnomaly(node, g.Data, grads[ia]?.Data ?? 0.0, Value.Arity(node.Code) == 2 ? grads[ib]?.Data ?? 0.0 : 0.0);
            }
        }
        finally
        {
            Value.ResumeAnomaly(suspended);
        }

        var result = new Value[inputs.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = index.TryGetValue(inputs[i], out var j) && grads[j] is { } grad ? grad : new Value(0.0);
        // Cleared, so that the pool neither keeps this graph alive nor hands its nodes to the next pass.
        Array.Clear(grads, 0, order.Length);
        Return(grads);
        return result;
    }

    // A pass's gradients, from the shared pool up to the size of buffers the traversal keeps (larger graphs allocate
    // and drop theirs, so that one large graph does not leave tens of MB in the pool for the process's lifetime).
    private const int PooledLimit = 1 << 20;

    private static T[] Rent<T>(int length) => length <= PooledLimit ? ArrayPool<T>.Shared.Rent(length) : new T[length];

    private static void Return<T>(T[] array)
    {
        if (array.Length <= PooledLimit)
            ArrayPool<T>.Shared.Return(array);
    }

    private static bool IsFiniteOrAbsent(Value? gradient) => gradient is null || double.IsFinite(gradient.Data);

    private static void Accumulate(Value?[] grads, int j, Value? contribution)
    {
        if (contribution is not null)
            grads[j] = grads[j] is { } sum ? sum + contribution : contribution;
    }

    private static (Value Output, Value[] Inputs) Evaluate(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        var inputs = new Value[point.Count];
        for (var i = 0; i < inputs.Length; i++)
            inputs[i] = new Value(point[i], "x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var output = function(inputs) ?? MicroGradThrow.ArgumentNull_FunctionResult(nameof(function));
        return (output, inputs);
    }

    private static void RequireGraphRecorded(string operation)
    {
        if (Value.AnyScopeOpen && Value.NoGradActive)
            MicroGradThrow.InvalidOperation_NoGraphRecorded(operation);
    }

    // A non-finite gradient: the node as Backward's anomaly message shows it, with the operands' gradients so far (this
    // node's share included).
    private static void ThrowAnomaly(Value node, double g, double ga, double gb)
    {
        var left = new Value(node.Left!.Data, node.Left.Label) { Grad = ga };
        var right = Value.Arity(node.Code) == 2 ? new Value(node.Right!.Data, node.Right.Label) { Grad = gb } : node.Right;
        var described = Value.ForMessage(node.Code, left, right, node.Data, g);
        described.Label = node.Label;
        MicroGradThrow.Anomaly_Backward(described);
    }
}
