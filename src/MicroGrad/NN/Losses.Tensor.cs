namespace MicroGrad.NN;

// The losses over a batch's tensor of outputs (one row per sample): each is the scalar loss of the same name written
// with tensor ops, so the two agree to rounding (a tensor mean is Σ / n where the scalar one is Σ · (1/n)).
public static partial class Losses
{
    /// <summary>micrograd's SVM max-margin loss over a batch: <c>mean(relu(1 − y·s))</c>, as
    /// <see cref="Hinge(IReadOnlyList{Value}, IReadOnlyList{double})"/>.</summary>
    /// <param name="scores">The n×1 scores, one row per sample.</param>
    /// <param name="targets">One target per row, each −1 or 1.</param>
    /// <returns>A 1×1 tensor.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is not one column, the counts differ, or a target
    /// is not ±1.</exception>
    public static Tensor Hinge(Tensor scores, IReadOnlyList<double> targets)
    {
        var y = TargetColumn(nameof(Hinge), nameof(scores), scores, targets);
        CheckTargets(LossKind.Hinge, y.Data, nameof(targets));
        return Hinge(scores, y);
    }

    /// <summary><see cref="Hinge(Tensor, IReadOnlyList{double})"/> over an n×1 column of checked targets.</summary>
    internal static Tensor Hinge(Tensor scores, Tensor targets) => (1.0 - targets * scores).Relu().Mean();

    /// <summary>Mean squared error over a batch, <c>mean((p − y)²)</c>, as
    /// <see cref="MeanSquaredError(IReadOnlyList{Value}, IReadOnlyList{double})"/>.</summary>
    /// <param name="predictions">The n×1 predictions, one row per sample.</param>
    /// <param name="targets">One finite target per row.</param>
    /// <returns>A 1×1 tensor.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="predictions"/> is not one column, the counts differ, or a
    /// target is NaN or ±∞.</exception>
    public static Tensor MeanSquaredError(Tensor predictions, IReadOnlyList<double> targets)
    {
        var y = TargetColumn(nameof(MeanSquaredError), nameof(predictions), predictions, targets);
        CheckTargets(LossKind.MeanSquaredError, y.Data, nameof(targets));
        return MeanSquaredError(predictions, y);
    }

    /// <summary><see cref="MeanSquaredError(Tensor, IReadOnlyList{double})"/> over an n×1 column of checked targets.</summary>
    internal static Tensor MeanSquaredError(Tensor predictions, Tensor targets) => (predictions - targets).Pow(2).Mean();

    /// <summary>Binary cross-entropy on logits over a batch, built as
    /// <see cref="BinaryCrossEntropyWithLogits(IReadOnlyList{Value}, IReadOnlyList{double})"/> is (see there):
    /// <c>mean(y·softplus(−z) + (1 − y)·softplus(z))</c>, full relative precision at any logit.</summary>
    /// <param name="logits">The n×1 logits, one row per sample.</param>
    /// <param name="targets">One probability in [0, 1] per row.</param>
    /// <returns>A 1×1 tensor.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is not one column, the counts differ, or a target
    /// is outside [0, 1].</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, IReadOnlyList<double> targets)
    {
        var y = TargetColumn(nameof(BinaryCrossEntropyWithLogits), nameof(logits), logits, targets);
        CheckTargets(LossKind.BinaryCrossEntropy, y.Data, nameof(targets));
        return BinaryCrossEntropyWithLogits(logits, y);
    }

    /// <summary><see cref="BinaryCrossEntropyWithLogits(Tensor, IReadOnlyList{double})"/> over an n×1 column of checked
    /// targets.</summary>
    internal static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets)
    {
        // The scalar loss's formula (Losses.BinaryCrossEntropyWithLogits): two terms ≥ 0, full relative precision.
        return (targets * (-logits).Softplus() + (1.0 - targets) * logits.Softplus()).Mean();
    }

    /// <summary>
    /// Softmax cross-entropy of each row of <paramref name="logits"/> (n×C, one row per sample, one column per class)
    /// against its class, averaged over the rows: <c>(1/n)·Σᵢ (mᵢ + ln Σⱼ e^(zᵢⱼ − mᵢ) − zᵢ,targetᵢ)</c> with mᵢ the row's
    /// largest logit, so no exponential overflows (PyTorch's <c>cross_entropy</c>). One fused op, whose gradient is
    /// exactly <c>(softmax(zᵢ) − onehot(targetᵢ)) / n</c>.
    /// </summary>
    /// <param name="logits">The n×C scores.</param>
    /// <param name="targets">One class index in [0, C) per row (copied).</param>
    /// <returns>A 1×1 tensor.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="targets"/> does not hold one class per row; the message
    /// names both counts.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, C); the message names its row and
    /// C.</exception>
    public static Tensor CrossEntropy(Tensor logits, IReadOnlyList<int> targets) => Tensor.CrossEntropy(logits, targets);

    /// <summary>L2 regularisation over tensors, <c>α·Σ p²</c> summed over every element of every tensor (e.g. each
    /// layer's weights and biases, as micrograd's demo regularises every parameter). An empty list gives a constant
    /// 0.</summary>
    /// <returns>A 1×1 tensor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or an entry is null.</exception>
    public static Tensor L2(IReadOnlyList<Tensor> parameters, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
            return new Tensor(1, 1, [0.0]);
        Tensor sum = null!;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i] ?? MicroGradThrow.ArgumentNull_Tensor(nameof(parameters), "parameter", i);
            var term = (p * p).Sum();
            sum = i == 0 ? term : sum + term;
        }
        return alpha == 1.0 ? sum : sum * alpha;
    }

    /// <summary>The targets as an n×1 tensor beside the n×1 <paramref name="outputs"/> of <paramref name="loss"/>; a
    /// wrong width or count is named with the loss, the outputs' parameter name and shape.</summary>
    private static Tensor TargetColumn(string loss, string outputsName, Tensor outputs, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(outputs, outputsName);
        ArgumentNullException.ThrowIfNull(targets);
        if (outputs.Columns != 1)
            MicroGradThrow.Argument_TensorLoss(outputsName, loss, $"{outputsName} {outputs.Shape}, expected n×1 (one output per sample)");
        if (targets.Count != outputs.Rows)
            MicroGradThrow.Argument_TensorLoss(nameof(targets), loss,
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{targets.Count} target(s) for {outputsName} {outputs.Shape}, expected {outputs.Rows} (one per row)"));
        var y = new double[targets.Count];
        for (var i = 0; i < y.Length; i++)
            y[i] = targets[i];
        return new Tensor(y.Length, 1, y);
    }
}
