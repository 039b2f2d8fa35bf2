namespace MicroGrad;

// Reverse mode: order the graph topologically (iteratively, so depth is bounded by memory, not by the thread's
// stack), then walk it from the output back, applying each op's local derivative (the chain rule).
public sealed partial class Value
{
    private static int s_lastVisit;

    /// <summary>
    /// Back-propagates from this node: computes d(this)/d(node) for every node this one depends on.
    /// </summary>
    /// <remarks>
    /// Interior nodes' <see cref="Grad"/> are set to exactly that derivative (reset first). Leaves' <see cref="Grad"/>
    /// are incremented by it, as in PyTorch: each leaf's contributions are summed first and the sum is added to its
    /// previous <see cref="Grad"/>, so calling <c>Backward()</c> twice gives exactly twice the leaf gradients (call
    /// <see cref="ZeroGrad"/> or an optimizer's <c>ZeroGrad()</c> between steps). The topological order is built with an
    /// explicit stack: a chain of millions of nodes runs on the default thread stack.
    /// </remarks>
    /// <exception cref="ArithmeticException">In a <see cref="DetectAnomaly"/> scope, when a gradient becomes NaN or ±∞;
    /// the message names the op and the labels of its operands.</exception>
    public void Backward()
    {
        var topo = TopologicalOrder();
        var leafGrads = new double[topo.Count];
        for (var i = 0; i < topo.Count; i++)
        {
            var node = topo[i];
            if (node.IsLeaf)
                leafGrads[i] = node.Grad;
            node.Grad = 0.0;
        }

        Grad = 1.0;
        var checkAnomaly = AnomalyActive;
        for (var i = topo.Count - 1; i >= 0; i--)
        {
            var node = topo[i];
            node.PropagateToOperands();
            if (checkAnomaly)
                node.CheckOperandGradients();
        }

        for (var i = 0; i < topo.Count; i++)
        {
            var node = topo[i];
            if (node.IsLeaf)
                node.Grad = leafGrads[i] + node.Grad;
        }
    }

    /// <summary>Sets <see cref="Grad"/> to 0 on this node and every node below it.</summary>
    public void ZeroGrad()
    {
        foreach (var node in TopologicalOrder())
            node.Grad = 0.0;
    }

    /// <summary>
    /// Every node this one depends on, itself last, each before the nodes that use it (micrograd's <c>build_topo</c>,
    /// with an explicit stack instead of recursion).
    /// </summary>
    public IReadOnlyList<Value> TopologicalOrder() => Topology(this);

    /// <summary>Depth-first post-order with an explicit stack of (node, next operand) frames. A node is marked
    /// when first pushed; in a DAG a marked node that is not yet emitted cannot be reached again, so each node is
    /// emitted once, after all of its operands.</summary>
    internal static List<Value> Topology(Value root)
    {
        var visit = Interlocked.Increment(ref s_lastVisit);
        var order = new List<Value>();
        var stack = new Stack<(Value Node, int Next)>();
        root._visit = visit;
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node._op.Arity())
            {
                stack.Push((node, next + 1));
                var operand = next == 0 ? node._left! : node._right!;
                if (operand._visit != visit)
                {
                    operand._visit = visit;
                    stack.Push((operand, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }

    /// <summary>The chain rule for this node's op: adds d(out)/d(operand) · out.grad to each operand's grad.
    /// Each formula is PyTorch's derivative of the op, so gradients agree with it to the last bits.</summary>
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
                a!.Grad += b!.Data * g;
                b.Grad += a.Data * g;
                break;
            case OpCode.Div:
                a!.Grad += g / b!.Data;
                b.Grad += -g * (a.Data / b.Data / b.Data);
                break;
            case OpCode.Neg:
                a!.Grad -= g;
                break;
            case OpCode.PowConst:
                a!.Grad += PowConstDerivative(a.Data, b!.Data) * g;
                break;
            case OpCode.Pow:
                a!.Grad += PowConstDerivative(a.Data, b!.Data) * g;
                b.Grad += PowExponentDerivative(a.Data, b.Data, Data) * g;
                break;
            case OpCode.Exp:
                a!.Grad += Data * g;
                break;
            case OpCode.Log:
                a!.Grad += g / a.Data;
                break;
            case OpCode.Tanh:
                a!.Grad += (1.0 - Data * Data) * g;
                break;
            case OpCode.Relu:
                a!.Grad += Data > 0 ? g : 0.0;
                break;
            case OpCode.Sigmoid:
                a!.Grad += (1.0 - Data) * Data * g;
                break;
            default:
                throw new InvalidOperationException($"Op code {_op} has no derivative.");
        }
    }

    /// <summary>d(xᶜ)/dx = c·xᶜ⁻¹, and 0 when c = 0 (PyTorch's <c>pow_backward</c>).</summary>
    internal static double PowConstDerivative(double x, double c) => c == 0.0 ? 0.0 : c * Math.Pow(x, c - 1.0);

    /// <summary>d(xʸ)/dy = xʸ·ln x, taken as 0 where x = 0 and y ≥ 0 (PyTorch's <c>pow_backward_exponent</c>).</summary>
    internal static double PowExponentDerivative(double x, double y, double result) =>
        x == 0.0 && y >= 0.0 ? 0.0 : result * Math.Log(x);

    private void CheckOperandGradients()
    {
        if (_op == OpCode.Leaf)
            return;
        if (!double.IsFinite(_left!.Grad) || (_op.Arity() == 2 && !double.IsFinite(_right!.Grad)))
            ThrowHelper.Anomaly_Backward(this);
    }
}
