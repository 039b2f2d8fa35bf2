namespace MicroGrad;

// The products, as Tensor.Ops.cs reads: the matrix product and a whole layer fused (activation(x·W + b)), each its
// public method, forward and backward; the kernels they call are in Internals/MatrixKernels*.cs.
public sealed partial class Tensor
{
    // ---- a · b (matrix product) ----

    /// <summary>The matrix product <c>this · other</c>: <c>out[i, j] = Σₚ this[i, p]·other[p, j]</c>, of shape
    /// <c>Rows × other.Columns</c>. Gradients: <c>G·otherᵀ</c> and <c>thisᵀ·G</c>.</summary>
    /// <remarks>Each element is one fused multiply-add chain over p in increasing order (<c>acc = fma(this[i, p],
    /// other[p, j], acc)</c> from 0), whatever the hardware's vector width and <see cref="Threads"/>: row i of the
    /// product depends on row i of this tensor only, so a row multiplied alone gives the same bits as in a batch (a
    /// prediction does not depend on its batch). The gradient <c>thisᵀ·G</c> sums over rows in fixed blocks of 512 added
    /// in order, the same bits for any thread count.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException"><c>Columns ≠ other.Rows</c>; the message names both shapes.</exception>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Columns != other.Rows)
            MicroGradThrow.Argument_TensorShapes(nameof(other), TensorOp.MatMul, this, "by", other,
                $"the left operand's {Columns} columns must equal the right operand's {other.Rows} rows");
        return Record(new Tensor(TensorOp.MatMul, this, other, Rows, other.Columns, 0.0, AllAxes, null));
    }

    // The kernels (Internals/MatrixKernels.cs): one fused multiply-add chain per output element, register-blocked, on
    // the widest vectors the machine has; large products spread over Tensor.Threads with the same bits.
    private static void MatMulForward(Tensor node) =>
        MatrixKernels.Multiply(node._left!.Data, node._right!.Data, node.Data, node.Rows, node._left.Columns,
            node.Columns, accumulate: false, Simd.Width, Threads);

    // dA += G·Bᵀ and dB += Aᵀ·G. A leaf that skips its gradient (the inputs of a training step) gets no dA: n·k dot
    // products nobody reads.
    private static void MatMulBackward(Tensor node)
    {
        var (left, right) = (node._left!, node._right!);
        var (n, k, m) = (node.Rows, left.Columns, node.Columns);
        var threads = Threads;
        if (!left.SkipsGradient)
            MatrixKernels.MultiplyTransposedRight(node.Grad, right.Data, left.Grad, n, m, k, Simd.Width, threads);
        MatrixKernels.MultiplyTransposedLeft(left.Data, node.Grad, right.Grad, n, k, m, Simd.Width, threads);
    }

    // ---- activation(x · W + b) (a layer, fused) ----

    /// <summary>A layer on every row: <c>activation(this · weights + bias)</c>, where <paramref name="bias"/> (1×m) is
    /// added to every row, of shape <c>Rows × weights.Columns</c>; one node instead of MatMul, + and the activation,
    /// computed block of rows by block of rows so that the bias and activation run while the rows are in cache.
    /// Gradients: with g' the node's gradient through the activation's derivative, <c>g'·weightsᵀ</c>,
    /// <c>thisᵀ·g'</c> and the column sums of g'.</summary>
    /// <remarks>The same bits as <c>activation.Apply(this.MatMul(weights) + bias)</c>: each element is
    /// <see cref="MatMul"/>'s fused multiply-add chain, then <c>+ bias[j]</c> as a separate addition, then
    /// <see cref="Value"/>'s formula of the activation (<see cref="Relu"/>, <see cref="Tanh"/>, <see cref="Sigmoid"/>;
    /// <see cref="NN.Activation.Linear"/>: none); the gradients of this tensor and of the weights too. The bias's
    /// gradient sums over rows in fixed blocks of 512 (each summed down its rows, the blocks added in order), so for
    /// more than 512 rows it may differ from the unfused ops' (one sum down every row) by rounding; it is the same for
    /// any <see cref="Threads"/>.</remarks>
    /// <param name="weights">W, <c>Columns × m</c>.</param>
    /// <param name="bias">b, <c>1 × m</c>.</param>
    /// <param name="activation">The non-linearity applied to every element, <see cref="NN.Activation.Linear"/> for
    /// none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> or <paramref name="bias"/> is null.</exception>
    /// <exception cref="ArgumentException"><c>Columns ≠ weights.Rows</c>, or <paramref name="bias"/> is not
    /// <c>1 × weights.Columns</c>; the message names both shapes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not an
    /// <see cref="NN.Activation"/>.</exception>
    public Tensor Linear(Tensor weights, Tensor bias, NN.Activation activation = NN.Activation.Linear)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (Columns != weights.Rows)
            MicroGradThrow.Argument_TensorShapes(nameof(weights), TensorOp.Linear, this, "by", weights,
                $"the input's {Columns} columns must equal the weights' {weights.Rows} rows");
        if (bias.Rows != 1 || bias.Columns != weights.Columns)
            MicroGradThrow.Argument_TensorShapes(nameof(bias), TensorOp.Linear, weights, "with bias", bias,
                $"the bias must be 1×{weights.Columns}, one element per column of the weights");
        if (!Enum.IsDefined(activation))
            MicroGradThrow.ArgumentOutOfRange(nameof(activation), activation, "an Activation");
        return Record(new Tensor(TensorOp.Linear, this, weights, Rows, weights.Columns, 0.0, AllAxes, null, bias, activation));
    }

    // The kernels (Internals/MatrixKernels.Linear.cs): per block of rows, MatMul's product, + bias, the activation.
    private static void LinearForward(Tensor node) =>
        MatrixKernels.Linear(node._left!.Data, node._right!.Data, node._third!.Data, node.Data, node.Rows,
            node._left.Columns, node.Columns, node._activation, Simd.Width, Threads);

    // dX += g'·Wᵀ (not for a leaf that skips its gradient), dW += Xᵀ·g', db += Σ g', per block of 512 rows.
    private static void LinearBackward(Tensor node)
    {
        var (x, w, b) = (node._left!, node._right!, node._third!);
        MatrixKernels.LinearBackward(x.Data, w.Data, node.Data, node.Grad, x.SkipsGradient ? null : x.Grad, w.Grad,
            b.Grad, node.Rows, x.Columns, node.Columns, node._activation, Simd.Width, Threads);
    }
}
