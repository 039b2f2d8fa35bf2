namespace MicroGrad;

// Reverse mode: order the graph topologically (iteratively, so depth is bounded by memory, not by the thread's
// stack; see Value.Traversal.cs), then walk it from the output back, applying each op's local derivative (the
// chain rule).
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
        traversal.Run(this, leavesApart: true, resetGrads: true);

        Grad = 1.0;
        var checkAnomaly = AnomalyActive;
        var nodes = traversal.Nodes;
        var leaves = traversal.Leaves;
        var previous = traversal.LeafGrads;
        try
        {
            for (var i = traversal.NodeCount - 1; i >= 0; i--)
            {
                var node = nodes[i];
                node.PropagateToOperands();
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
        traversal.Run(this, leavesApart: false, resetGrads: false);
        var nodes = traversal.Nodes;
        for (var i = 0; i < traversal.NodeCount; i++)
            nodes[i].Grad = 0.0;
        traversal.Return();
    }

    /// <summary>
    /// Every node this one depends on, itself last, each before the nodes that use it (micrograd's <c>build_topo</c>,
    /// with an explicit stack instead of recursion).
    /// </summary>
    public IReadOnlyList<Value> TopologicalOrder()
    {
        var traversal = Traversal.Rent();
        traversal.Run(this, leavesApart: false, resetGrads: false);
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

    /// <summary>The chain rule for this node's op: adds d(out)/d(operand) · out.grad to each operand's grad.
    /// Each formula is PyTorch's derivative of the op, so gradients agree with it to the last bits. The formulas are
    /// the helpers below, shared with <see cref="CompiledGraph.Backward"/> so that both give identical bits.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void PropagateToOperands()
    {
        var g = Grad;
        var a = _left;
        var b = _right;
        switch (_op)
        {
            case OpCode.Leaf:
                break;
            case OpCode.Add:
                a!.Grad += g;
                b!.Grad += g;
                break;
            case OpCode.Sub:
                a!.Grad += g;
                b!.Grad -= g;
                break;
            case OpCode.Mul:
                a!.Grad += MulBackward(b!.Data, g);
                b.Grad += MulBackward(a.Data, g);
                break;
            case OpCode.Div:
                a!.Grad += DivNumeratorBackward(b!.Data, g);
                b.Grad += DivDenominatorBackward(a.Data, b.Data, g);
                break;
            case OpCode.Neg:
                a!.Grad -= g;
                break;
            case OpCode.PowConst:
                a!.Grad += PowBaseBackward(a.Data, b!.Data, g);
                break;
            case OpCode.Pow:
                a!.Grad += PowBaseBackward(a.Data, b!.Data, g);
                b.Grad += PowExponentBackward(a.Data, b.Data, Data, g);
                break;
            case OpCode.Exp:
                a!.Grad += ExpBackward(Data, g);
                break;
            case OpCode.Log:
                a!.Grad += LogBackward(a.Data, g);
                break;
            case OpCode.Tanh:
                a!.Grad += TanhBackward(Data, g);
                break;
            case OpCode.Relu:
                a!.Grad += ReluBackward(Data, g);
                break;
            case OpCode.Sigmoid:
                a!.Grad += SigmoidBackward(Data, g);
                break;
            default:
                throw new InvalidOperationException($"Op code {_op} has no derivative.");
        }
    }

    /// <summary>d(a·b)/da · g = b·g (and symmetrically for b).</summary>
    internal static double MulBackward(double other, double g) => other * g;

    /// <summary>d(a/b)/da · g = g/b.</summary>
    internal static double DivNumeratorBackward(double b, double g) => g / b;

    /// <summary>d(a/b)/db · g = −g·a/b² (computed as −g·(a/b/b), PyTorch's order).</summary>
    internal static double DivDenominatorBackward(double a, double b, double g) => -g * (a / b / b);

    /// <summary>d(xᶜ)/dx · g = c·xᶜ⁻¹·g, and 0 when c = 0 (PyTorch's <c>pow_backward</c>).</summary>
    internal static double PowBaseBackward(double x, double c, double g) =>
        (c == 0.0 ? 0.0 : c * Math.Pow(x, c - 1.0)) * g;

    /// <summary>d(xʸ)/dy · g = xʸ·ln x·g, taken as 0 where x = 0 and y ≥ 0 (PyTorch's
    /// <c>pow_backward_exponent</c>); <paramref name="result"/> is xʸ.</summary>
    internal static double PowExponentBackward(double x, double y, double result, double g) =>
        (x == 0.0 && y >= 0.0 ? 0.0 : result * Math.Log(x)) * g;

    /// <summary>d(eˣ)/dx · g = eˣ·g; <paramref name="result"/> is eˣ.</summary>
    internal static double ExpBackward(double result, double g) => result * g;

    /// <summary>d(ln x)/dx · g = g/x.</summary>
    internal static double LogBackward(double x, double g) => g / x;

    /// <summary>d(tanh x)/dx · g = (1 − tanh²x)·g; <paramref name="result"/> is tanh x.</summary>
    internal static double TanhBackward(double result, double g) => (1.0 - result * result) * g;

    /// <summary>d(max(0, x))/dx · g = g where the output is positive, else 0 (0 at x = 0, as PyTorch).</summary>
    internal static double ReluBackward(double result, double g) => result > 0 ? g : 0.0;

    /// <summary>dσ(x)/dx · g = (1 − σ)·σ·g; <paramref name="result"/> is σ(x).</summary>
    internal static double SigmoidBackward(double result, double g) => (1.0 - result) * result * g;

    private void CheckOperandGradients()
    {
        if (_op == OpCode.Leaf)
            return;
        if (!double.IsFinite(_left!.Grad) || (_op.Arity() == 2 && !double.IsFinite(_right!.Grad)))
            MicroGradThrow.Anomaly_Backward(this);
    }
}
