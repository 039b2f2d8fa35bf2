namespace MicroGrad;

/// <summary>The operation that produced a <see cref="Tensor"/>. Every tensor op is one section (public method, forward,
/// backward) in Tensor.Ops.cs, or, for the products and the fused loss, in Tensor.Products.cs and
/// Tensor.CrossEntropy.cs: adding one means a member here, its section, its line in the two dispatch switches at the
/// end of Tensor.Ops.cs (an elementwise op: its line in Elementwise&lt;TKernel&gt; instead, naming Value's op code as a
/// type from Tensor.Elementwise.cs), and its row in the tests' TensorOpTests, which fails for a member without one.
/// Member names are the public methods' names (they are <see cref="Tensor.Op"/> and name the op in messages).
/// Buffers: a forward assigns every element of its node's Data and never reads it first (inside an Objective's step
/// that buffer is the previous step's, holding its values); a backward adds into its operands' Grad.</summary>
internal enum TensorOp : byte
{
    Leaf = 0,
    MatMul,
    Linear,
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Pow,
    Exp,
    Log,
    Tanh,
    Relu,
    Sigmoid,
    Softplus,
    Sum,
    Mean,
    Transpose,
    CrossEntropy,
}

// Every tensor op, as Value.Ops.cs reads: the public method that builds the node, its forward (the output's data) and
// its backward (what it adds to each operand's grad, given the node's grad g). The elementwise ops apply Value's own
// scalar formulas (Value.Evaluate and Value.Propagate) to each element, so a tensor op and the Value op of the same
// name give the same bits element by element. Each derivative is PyTorch's.
public sealed partial class Tensor
{
    /// <summary>The axis of a reduction over every element.</summary>
    private const int AllAxes = -1;

    // ---- a + b, a − b, a · b, a / b: elementwise, with PyTorch's broadcasting ----
    // Operands of equal shape, or one with a single row (or column) repeated over the other's rows (or columns); a
    // 1×1 operand, and a double (a 1×1 constant leaf), go with any shape. Value's formulas per element; the backward
    // adds each element's share into the broadcast operand's one row, which sums the gradient over the broadcast rows.

    /// <summary><c>a + b</c> elementwise, broadcasting a 1×m (or n×1, or 1×1) operand over the other's rows (columns).</summary>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor operator +(Tensor a, Tensor b) => Elementwise(TensorOp.Add, a, b);

    /// <summary><c>a + b</c>; the number becomes a 1×1 constant leaf.</summary>
    public static Tensor operator +(Tensor a, double b) => a + Constant(b);

    /// <summary><c>a + b</c>; the number becomes a 1×1 constant leaf.</summary>
    public static Tensor operator +(double a, Tensor b) => Constant(a) + b;

    /// <summary><c>a − b</c> elementwise, broadcast as <c>+</c>.</summary>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor operator -(Tensor a, Tensor b) => Elementwise(TensorOp.Sub, a, b);

    /// <summary><c>a − b</c>; the number becomes a 1×1 constant leaf.</summary>
    public static Tensor operator -(Tensor a, double b) => a - Constant(b);

    /// <summary><c>a − b</c>; the number becomes a 1×1 constant leaf.</summary>
    public static Tensor operator -(double a, Tensor b) => Constant(a) - b;

    /// <summary><c>a · b</c> elementwise (Hadamard), broadcast as <c>+</c>; for the matrix product see
    /// <see cref="MatMul"/>.</summary>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor operator *(Tensor a, Tensor b) => Elementwise(TensorOp.Mul, a, b);

    /// <summary><c>a · b</c>; the number becomes a 1×1 constant leaf.</summary>
    public static Tensor operator *(Tensor a, double b) => a * Constant(b);

    /// <summary><c>a · b</c>; the number becomes a 1×1 constant leaf.</summary>
    public static Tensor operator *(double a, Tensor b) => Constant(a) * b;

    /// <summary><c>a / b</c> elementwise, broadcast as <c>+</c>; IEEE 754 on division by 0.</summary>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not broadcast; the message names both.</exception>
    public static Tensor operator /(Tensor a, Tensor b) => Elementwise(TensorOp.Div, a, b);

    /// <summary><c>a / b</c>; the number becomes a 1×1 constant leaf.</summary>
    public static Tensor operator /(Tensor a, double b) => a / Constant(b);

    /// <summary><c>a / b</c>; the number becomes a 1×1 constant leaf.</summary>
    public static Tensor operator /(double a, Tensor b) => Constant(a) / b;

    private static Tensor Constant(double value) => new(1, 1, [value]);

    private static Tensor Elementwise(TensorOp op, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var rows = BroadcastLength(a.Rows, b.Rows);
        var columns = BroadcastLength(a.Columns, b.Columns);
        if (rows < 0 || columns < 0)
            MicroGradThrow.Argument_TensorShapes(nameof(b), op, a, "and", b,
                "elementwise operands need equal shapes, or a 1-row (1-column) operand that is repeated over the other's " +
                "rows (columns), as PyTorch broadcasts; a 1×1 operand goes with any shape");
        return Record(new Tensor(op, a, b, rows, columns, 0.0, AllAxes, null));
    }

    // The output's length along one axis, or −1 when the two lengths do not broadcast.
    private static int BroadcastLength(int a, int b) => a == b || b == 1 ? a : a == 1 ? b : -1;

    // ---- −a, a ** c, eᵃ, ln a, tanh a, relu a, σ(a): elementwise, Value's formulas ----

    /// <summary><c>−this</c> elementwise.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    public static Tensor operator -(Tensor a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.Unary(TensorOp.Neg);
    }

    /// <summary><c>thisᵉ</c> elementwise for a constant exponent e (<see cref="Value.Pow(double)"/> per element:
    /// derivative <c>e·xᵉ⁻¹</c>, 0 when e = 0; NaN for a negative base with a non-integer exponent).</summary>
    public Tensor Pow(double exponent) => Unary(TensorOp.Pow, exponent);

    /// <summary><c>eˣ</c> elementwise.</summary>
    public Tensor Exp() => Unary(TensorOp.Exp);

    /// <summary>Natural logarithm elementwise: NaN for a negative element and −∞ at 0, as IEEE 754 and PyTorch give.</summary>
    public Tensor Log() => Unary(TensorOp.Log);

    /// <summary>Hyperbolic tangent elementwise (derivative <c>1 − tanh²</c>).</summary>
    public Tensor Tanh() => Unary(TensorOp.Tanh);

    /// <summary><c>max(0, x)</c> elementwise; NaN stays NaN and the gradient at 0 is 0, as in PyTorch.</summary>
    public Tensor Relu() => Unary(TensorOp.Relu);

    /// <summary>The logistic function <c>1 / (1 + e⁻ˣ)</c> elementwise (derivative <c>(1 − σ)·σ</c>).</summary>
    public Tensor Sigmoid() => Unary(TensorOp.Sigmoid);

    /// <summary><c>ln(1 + eˣ)</c> elementwise, with <see cref="Value.Softplus"/>'s formula (full relative precision,
    /// no threshold; derivative σ(x)).</summary>
    public Tensor Softplus() => Unary(TensorOp.Softplus);

    private Tensor Unary(TensorOp op, double exponent = 0.0) =>
        Record(new Tensor(op, this, null, Rows, Columns, exponent, AllAxes, null));

    /// <summary>Runs <typeparamref name="TKernel"/> (an elementwise forward or backward, Tensor.Elementwise.cs) on
    /// <paramref name="node"/> with Value's op code of its op as a type argument: Value's scalar formulas (Value.Evaluate
    /// and Value.Propagate) per element, compiled once per op with their switch folded away.</summary>
    private static void Elementwise<TKernel>(Tensor node)
        where TKernel : struct, IElementwiseKernel
    {
        switch (node._op)
        {
            case TensorOp.Add: TKernel.Run<ScalarOp.Add>(node); break;
            case TensorOp.Sub: TKernel.Run<ScalarOp.Sub>(node); break;
            case TensorOp.Mul: TKernel.Run<ScalarOp.Mul>(node); break;
            case TensorOp.Div: TKernel.Run<ScalarOp.Div>(node); break;
            case TensorOp.Neg: TKernel.Run<ScalarOp.Neg>(node); break;
            case TensorOp.Pow: TKernel.Run<ScalarOp.PowConst>(node); break;
            case TensorOp.Exp: TKernel.Run<ScalarOp.Exp>(node); break;
            case TensorOp.Log: TKernel.Run<ScalarOp.Log>(node); break;
            case TensorOp.Tanh: TKernel.Run<ScalarOp.Tanh>(node); break;
            case TensorOp.Relu: TKernel.Run<ScalarOp.Relu>(node); break;
            case TensorOp.Sigmoid: TKernel.Run<ScalarOp.Sigmoid>(node); break;
            case TensorOp.Softplus: TKernel.Run<ScalarOp.Softplus>(node); break;
            default: MicroGradThrow.ArgumentOutOfRange(nameof(node), node._op, "an elementwise tensor op"); break;
        }
    }

    // ---- Σ and mean, of every element or along one axis ----

    /// <summary>The sum of every element, a 1×1 tensor (gradient: 1 to each element).</summary>
    public Tensor Sum() => Reduce(TensorOp.Sum, AllAxes);

    /// <summary>The sum along <paramref name="axis"/>, keeping two dimensions (PyTorch's <c>sum(dim=axis,
    /// keepdim=True)</c>): axis 0 sums over the rows, giving 1×Columns; axis 1 over the columns, giving Rows×1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not 0 or 1.</exception>
    public Tensor Sum(int axis) => Reduce(TensorOp.Sum, CheckedAxis(axis));

    /// <summary>The mean of every element, <c>Σ x / (Rows·Columns)</c>, a 1×1 tensor (gradient: <c>1/(Rows·Columns)</c>
    /// to each element).</summary>
    public Tensor Mean() => Reduce(TensorOp.Mean, AllAxes);

    /// <summary>The mean along <paramref name="axis"/> as <see cref="Sum(int)"/> lays it out: axis 0 averages the
    /// rows (1×Columns), axis 1 the columns (Rows×1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not 0 or 1.</exception>
    public Tensor Mean(int axis) => Reduce(TensorOp.Mean, CheckedAxis(axis));

    private static int CheckedAxis(int axis)
    {
        if (axis is not (0 or 1))
            MicroGradThrow.ArgumentOutOfRange(nameof(axis), axis, "axis 0 (over the rows) or 1 (over the columns)");
        return axis;
    }

    private Tensor Reduce(TensorOp op, int axis) =>
        Record(new Tensor(op, this, null, axis == 1 ? Rows : 1, axis == 0 ? Columns : 1, 0.0, axis, null));

    // Element (i, j) goes to output element (axis 0: j; axis 1: i; every element: 0); the mean then divides by the
    // number of elements summed (PyTorch: sum / n, and g / n backward). The sums start from 0 written here: the output
    // may be a reused buffer holding the last step's values.
    private static void ReduceForward(Tensor node)
    {
        var a = node._left!;
        var output = node.Data;
        Array.Clear(output);
        for (var i = 0; i < a.Rows; i++)
        {
            for (var j = 0; j < a.Columns; j++)
                output[ReducedIndex(node._axis, i, j)] += a.Data[i * a.Columns + j];
        }
        if (node._op == TensorOp.Mean)
        {
            var count = ReducedCount(node);
            for (var k = 0; k < output.Length; k++)
                output[k] /= count;
        }
    }

    private static void ReduceBackward(Tensor node)
    {
        var a = node._left!;
        var (g, ga) = (node.Grad, a.Grad);
        double count = node._op == TensorOp.Mean ? ReducedCount(node) : 1;
        for (var i = 0; i < a.Rows; i++)
        {
            for (var j = 0; j < a.Columns; j++)
            {
                var gk = g[ReducedIndex(node._axis, i, j)];
                ga[i * a.Columns + j] += node._op == TensorOp.Mean ? gk / count : gk;
            }
        }
    }

    private static int ReducedIndex(int axis, int i, int j) => axis == AllAxes ? 0 : axis == 0 ? j : i;

    private static int ReducedCount(Tensor node) => node._left!.Data.Length / node.Data.Length;

    // ---- transpose ----

    /// <summary>The transpose, <c>out[j, i] = this[i, j]</c>, of shape Columns×Rows.</summary>
    public Tensor Transpose() => Record(new Tensor(TensorOp.Transpose, this, null, Columns, Rows, 0.0, AllAxes, null));

    private static void TransposeForward(Tensor node)
    {
        var a = node._left!;
        for (var i = 0; i < a.Rows; i++)
        {
            for (var j = 0; j < a.Columns; j++)
                node.Data[j * a.Rows + i] = a.Data[i * a.Columns + j];
        }
    }

    private static void TransposeBackward(Tensor node)
    {
        var a = node._left!;
        var (g, ga) = (node.Grad, a.Grad);
        for (var i = 0; i < a.Rows; i++)
        {
            for (var j = 0; j < a.Columns; j++)
                ga[i * a.Columns + j] += g[j * a.Rows + i];
        }
    }

    // ---- Dispatch: one line per op in each switch ----

    // Computes the new node's data, then applies the scopes: anomaly mode checks it, NoGrad keeps only the data.
    private static Tensor Record(Tensor node)
    {
        Forward(node);
        if (Value.AnyScopeOpen)
        {
            if (Value.AnomalyActive)
            {
                var bad = FirstNonFinite(node.Data);
                if (bad >= 0)
                    MicroGradThrow.Anomaly_TensorForward(node, bad);
            }
            if (Value.NoGradActive)
                return new Tensor(node.Rows, node.Columns, node.Data);
        }
        return node;
    }

    /// <summary>The index of the first NaN or ±∞ of <paramref name="values"/>, or −1.</summary>
    internal static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                return i;
        }
        return -1;
    }

    /// <summary>The forward formula of <paramref name="node"/>'s op: fills its <see cref="Data"/> from its operands.</summary>
    private static void Forward(Tensor node)
    {
        switch (node._op)
        {
            case TensorOp.MatMul: MatMulForward(node); break;
            case TensorOp.Linear: LinearForward(node); break;
            case TensorOp.Add or TensorOp.Sub or TensorOp.Mul or TensorOp.Div:
            case TensorOp.Neg or TensorOp.Pow or TensorOp.Exp or TensorOp.Log:
            case TensorOp.Tanh or TensorOp.Relu or TensorOp.Sigmoid or TensorOp.Softplus: Elementwise<ElementwiseForward>(node); break;
            case TensorOp.Sum or TensorOp.Mean: ReduceForward(node); break;
            case TensorOp.Transpose: TransposeForward(node); break;
            case TensorOp.CrossEntropy: CrossEntropyForward(node); break;
            default: MicroGradThrow.ArgumentOutOfRange(nameof(node), node._op, "a tensor op with a forward formula"); break;
        }
    }

    /// <summary>The chain rule for one node: adds d(node)/d(operand)·<see cref="Grad"/> into each operand's
    /// <see cref="Grad"/>.</summary>
    private static void Propagate(Tensor node)
    {
        switch (node._op)
        {
            case TensorOp.MatMul: MatMulBackward(node); break;
            case TensorOp.Linear: LinearBackward(node); break;
            case TensorOp.Add or TensorOp.Sub or TensorOp.Mul or TensorOp.Div:
            case TensorOp.Neg or TensorOp.Pow or TensorOp.Exp or TensorOp.Log:
            case TensorOp.Tanh or TensorOp.Relu or TensorOp.Sigmoid or TensorOp.Softplus: Elementwise<ElementwiseBackward>(node); break;
            case TensorOp.Sum or TensorOp.Mean: ReduceBackward(node); break;
            case TensorOp.Transpose: TransposeBackward(node); break;
            case TensorOp.CrossEntropy: CrossEntropyBackward(node); break;
            default: MicroGradThrow.ArgumentOutOfRange(nameof(node), node._op, "a tensor op with a derivative"); break;
        }
    }

    /// <summary>Number of tensor operands <paramref name="op"/> reads (a double operand is a 1×1 tensor; an exponent,
    /// axis or targets are part of the op).</summary>
    internal static int Arity(TensorOp op) => op switch
    {
        TensorOp.Leaf => 0,
        TensorOp.Linear => 3,
        TensorOp.MatMul or TensorOp.Add or TensorOp.Sub or TensorOp.Mul or TensorOp.Div => 2,
        _ => 1,
    };
}
