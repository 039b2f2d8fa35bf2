using System.Runtime.CompilerServices;

namespace MicroGrad.NN;

/// <summary>
/// Loss functions built from <see cref="Value"/> ops, so <see cref="Value.Backward"/> differentiates them. Batch
/// losses are means written as micrograd writes them: <c>sum(losses) · (1.0 / n)</c>, the sum taken in sample order.
/// The same losses over a batch's <see cref="Tensor"/> of outputs are in Losses.Tensor.cs.
/// </summary>
public static partial class Losses
{
    /// <summary>micrograd's SVM max-margin loss: <c>(1/n)·Σ relu(1 − yᵢ·sᵢ)</c>, with targets yᵢ ∈ {−1, 1}.</summary>
    /// <param name="scores">One raw score per sample.</param>
    /// <param name="targets">One target per sample, each −1 or 1.</param>
    /// <exception cref="ArgumentException">The lists differ in length or are empty, or a target is not ±1.</exception>
    public static Value Hinge(IReadOnlyList<Value> scores, IReadOnlyList<double> targets)
    {
        CheckBatch(scores, targets);
        CheckTargets(LossKind.Hinge, targets, nameof(targets));
        Value sum = null!;
        for (var i = 0; i < scores.Count; i++)
        {
            // micrograd: (1 + -yi*scorei).relu()
            var term = (1.0 + scores[i] * -targets[i]).Relu();
            sum = i == 0 ? term : sum + term;
        }
        return sum * (1.0 / scores.Count);
    }

    /// <summary>Mean squared error <c>(1/n)·Σ (pᵢ − yᵢ)²</c>.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty, or a target is NaN or ±∞.</exception>
    public static Value MeanSquaredError(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets) =>
        SumSquaredError(predictions, targets) * (1.0 / predictions.Count);

    /// <summary>The lecture's loss: <c>Σ (pᵢ − yᵢ)²</c>, each square as <c>(p − y)**2</c>.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty, or a target is NaN or ±∞.</exception>
    public static Value SumSquaredError(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets)
    {
        CheckBatch(predictions, targets);
        CheckTargets(LossKind.MeanSquaredError, targets, nameof(targets));
        Value sum = null!;
        for (var i = 0; i < predictions.Count; i++)
        {
            var term = (predictions[i] - targets[i]).Pow(2);
            sum = i == 0 ? term : sum + term;
        }
        return sum;
    }

    /// <summary>
    /// Binary cross-entropy on logits (PyTorch's <c>BCEWithLogitsLoss</c>), the mean of
    /// <c>−y·log σ(z) − (1 − y)·log(1 − σ(z))</c>, computed as <c>y·softplus(−z) + (1 − y)·softplus(z)</c>
    /// (<see cref="Value.Softplus"/>): a sum of two terms ≥ 0, so it keeps full relative precision at every logit (a
    /// logit of 40 with target 1 gives e⁻⁴⁰ ≈ 4.2·10⁻¹⁸, not 0; ±1000 gives a finite loss), and so does its gradient
    /// <c>(1 − y)·σ(z) − y·σ(−z) = σ(z) − y</c>. There is no C# branch on the data, so the graph can be compiled.
    /// </summary>
    /// <param name="logits">One logit per sample.</param>
    /// <param name="targets">One probability per sample, in [0, 1] (usually the class 0 or 1).</param>
    /// <exception cref="ArgumentException">The lists differ in length or are empty, or a target is outside [0, 1].</exception>
    public static Value BinaryCrossEntropyWithLogits(IReadOnlyList<Value> logits, IReadOnlyList<double> targets)
    {
        CheckBatch(logits, targets);
        CheckTargets(LossKind.BinaryCrossEntropy, targets, nameof(targets));
        Value sum = null!;
        for (var i = 0; i < logits.Count; i++)
        {
            var z = logits[i];
            var y = targets[i];
            var term = y * (-z).Softplus() + (1.0 - y) * z.Softplus();
            sum = i == 0 ? term : sum + term;
        }
        return sum * (1.0 / logits.Count);
    }

    /// <summary>
    /// Softmax cross-entropy of one sample: <c>−log softmax(z)[target] = log Σⱼ e^{zⱼ} − z_target</c>, computed stably as
    /// <c>m + log Σⱼ e^{zⱼ − m} − z_target</c> with m the largest logit, itself built with ops
    /// (<c>m ← m + relu(zⱼ − m)</c>) rather than read from the data, so the graph has the same shape for every input and
    /// can be compiled. The result does not depend on m (d/dm = 1 − Σ softmax = 0), so the gradient is
    /// <c>softmax(z) − onehot(target)</c>, as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is not a class index in [0, logits.Count).</exception>
    public static Value CrossEntropy(IReadOnlyList<Value> logits, int target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Count == 0)
            MicroGradThrow.Argument_EmptyDataSet(nameof(logits), "logit");
        if ((uint)target >= (uint)logits.Count)
            MicroGradThrow.ArgumentOutOfRange(nameof(target), target, $"a class index in [0, {logits.Count})");
        var max = logits[0];
        for (var j = 1; j < logits.Count; j++)
            max += (logits[j] - max).Relu();
        Value sum = null!;
        for (var j = 0; j < logits.Count; j++)
        {
            var e = (logits[j] - max).Exp();
            sum = j == 0 ? e : sum + e;
        }
        return sum.Log() + max - logits[target];
    }

    /// <summary>The mean of <see cref="CrossEntropy(IReadOnlyList{Value}, int)"/> over a batch.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is not a class index.</exception>
    public static Value CrossEntropy(IReadOnlyList<IReadOnlyList<Value>> logits, IReadOnlyList<int> targets)
    {
        CheckBatch(logits, targets);
        Value sum = null!;
        for (var i = 0; i < logits.Count; i++)
        {
            var term = CrossEntropy(logits[i], targets[i]);
            sum = i == 0 ? term : sum + term;
        }
        return sum * (1.0 / logits.Count);
    }

    /// <summary>L2 regularisation <c>α·Σ p²</c> (each square as <c>p·p</c>, as micrograd's demo), e.g. of
    /// <see cref="Module.Parameters()"/>. An empty list gives a constant 0.</summary>
    public static Value L2(IReadOnlyList<Value> parameters, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
            return new Value(0.0);
        var sum = parameters[0] * parameters[0];
        for (var i = 1; i < parameters.Count; i++)
            sum += parameters[i] * parameters[i];
        return alpha == 1.0 ? sum : sum * alpha;
    }

    private static void CheckBatch<TOutput, TTarget>(IReadOnlyList<TOutput> outputs, IReadOnlyList<TTarget> targets,
        [CallerArgumentExpression(nameof(outputs))] string outputsName = "")
    {
        ArgumentNullException.ThrowIfNull(outputs, outputsName);
        ArgumentNullException.ThrowIfNull(targets);
        if (outputs.Count != targets.Count)
            MicroGradThrow.Argument_CountMismatch(nameof(targets), "targets", outputs.Count, targets.Count);
        if (outputs.Count == 0)
            MicroGradThrow.Argument_EmptyDataSet(nameof(targets), "sample");
    }

    /// <summary>Checks every target against <paramref name="loss"/>'s rule (see <see cref="CheckTarget"/>).</summary>
    internal static void CheckTargets(LossKind loss, IReadOnlyList<double> targets, string paramName, int classes = 0)
    {
        for (var i = 0; i < targets.Count; i++)
            CheckTarget(loss, paramName, i, targets[i], classes);
    }

    /// <summary>The one place the label rules live (the scalar losses, the tensor losses and <see cref="Objective"/>
    /// call it): target <paramref name="index"/> of a hinge loss is ±1, of binary cross-entropy in [0, 1], of mean
    /// squared error finite, of cross-entropy over <paramref name="classes"/> classes a class index, a whole number in
    /// [0, classes).</summary>
    /// <exception cref="ArgumentException">The target breaks the rule; the message names its index, its value and what
    /// was allowed.</exception>
    internal static void CheckTarget(LossKind loss, string paramName, int index, double y, int classes = 0)
    {
        switch (loss)
        {
            case LossKind.Hinge when y is not (1.0 or -1.0):
                MicroGradThrow.Argument_Label(paramName, index, y, "{-1, 1}");
                break;
            case LossKind.BinaryCrossEntropy when !(y is >= 0.0 and <= 1.0):
                MicroGradThrow.Argument_Label(paramName, index, y, "[0, 1]");
                break;
            case LossKind.MeanSquaredError when !double.IsFinite(y):
                MicroGradThrow.Argument_NotFinite(paramName, "target", index, y);
                break;
            case LossKind.CrossEntropy when !(y >= 0 && y < classes && y == Math.Floor(y)):
                MicroGradThrow.Argument_Label(paramName, index, y, $"the class indices 0 … {classes - 1}");
                break;
        }
    }
}
