namespace MicroGrad;

// Softmax cross-entropy fused into one op, as Tensor.Ops.cs reads: forward and its exact backward softmax − onehot.
public sealed partial class Tensor
{
    // ---- softmax cross-entropy (fused) ----

    /// <summary>Softmax cross-entropy of each row of <paramref name="logits"/> against its class, averaged over the rows
    /// (<see cref="NN.Losses.CrossEntropy(Tensor, IReadOnlyList{int})"/> documents it); one node.</summary>
    internal static Tensor CrossEntropy(Tensor logits, IReadOnlyList<int> targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count != logits.Rows)
            MicroGradThrow.Argument_CountMismatch(nameof(targets), "targets", logits.Rows, targets.Count, "one per row of logits");
        var classes = new int[targets.Count];
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = targets[i];
            if ((uint)classes[i] >= (uint)logits.Columns)
                MicroGradThrow.ArgumentOutOfRange_Target(nameof(targets), i, classes[i], logits.Columns);
        }
        return CrossEntropyUnchecked(logits, classes);
    }

    /// <summary>As <see cref="CrossEntropy(Tensor, IReadOnlyList{int})"/> over <paramref name="classes"/> already
    /// checked (one class in [0, Columns) per row), kept rather than copied: the caller must not change them before the
    /// backward pass.</summary>
    internal static Tensor CrossEntropyUnchecked(Tensor logits, int[] classes) =>
        Record(new Tensor(TensorOp.CrossEntropy, logits, null, 1, 1, 0.0, AllAxes, classes));

    // Row i: mᵢ = max z, eᵢⱼ = e^(zᵢⱼ − mᵢ) (no overflow; each computed once), sᵢ = Σⱼ eᵢⱼ, lossᵢ = mᵢ + ln sᵢ − zᵢ,targetᵢ;
    // the output is the mean of the losses. Keeps softmax(zᵢ)ⱼ = eᵢⱼ / sᵢ for the backward (every element written: the
    // buffer may be reused).
    private static void CrossEntropyForward(Tensor node)
    {
        var z = node._left!;
        var (n, c) = (z.Rows, z.Columns);
        var softmax = node._saved = ScratchBuffer(n * c);
        var losses = ScratchBuffer(n);
        var targets = node._targets!;
        // Rows in blocks (over threads when large: an exponential costs tens of additions), the total in row order.
        ForEachRowBlock(n, c, (long)n * c * 16, (z.Data, softmax, losses, targets, c), static (s, start, end) =>
        {
            var (data, softmax, losses, targets, c) = s;
            for (var i = start; i < end; i++)
            {
                var row = data.AsSpan(i * c, c);
                var e = softmax.AsSpan(i * c, c);
                var max = row[0];
                for (var j = 1; j < c; j++)
                    max = Math.Max(max, row[j]);
                var sum = 0.0;
                for (var j = 0; j < c; j++)
                    sum += e[j] = Math.Exp(row[j] - max);
                for (var j = 0; j < c; j++)
                    e[j] /= sum;
                losses[i] = max + Math.Log(sum) - row[targets[i]];
            }
        });
        var total = 0.0;
        for (var i = 0; i < n; i++)
            total += losses[i];
        node.Data[0] = total / n;
    }

    // d(mean loss)/dzᵢⱼ = (softmaxᵢⱼ − [j = targetᵢ]) / n.
    private static void CrossEntropyBackward(Tensor node)
    {
        var z = node._left!;
        var (n, c) = (z.Rows, z.Columns);
        var (softmax, ga, targets) = (node._saved!, z.Grad, node._targets!);
        var scale = node.Grad[0] / n;
        ForEachRowBlock(n, c, (long)n * c * 4, (softmax, ga, targets, c, scale), static (s, start, end) =>
        {
            var (softmax, ga, targets, c, scale) = s;
            for (var i = start; i < end; i++)
            {
                for (var j = 0; j < c; j++)
                    ga[i * c + j] += (softmax[i * c + j] - (j == targets[i] ? 1.0 : 0.0)) * scale;
            }
        });
    }
}
