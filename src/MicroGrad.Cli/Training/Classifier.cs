using MicroGrad.Data;
using MicroGrad.NN;

namespace MicroGrad.Cli.Training;

/// <summary>How a classifier's outputs become a class: one output is a score (class 1 when it is positive, as the
/// hinge loss's <c>sign(score)</c>), several are logits (the largest wins; softmax gives the probabilities).</summary>
internal static class Classifier
{
    /// <summary>The class of <paramref name="outputs"/>: <c>score &gt; 0</c> for one output, else the first argmax.</summary>
    public static int ClassOf(ReadOnlySpan<double> outputs)
    {
        if (outputs.Length == 1)
            return outputs[0] > 0 ? 1 : 0;
        var best = 0;
        for (var j = 1; j < outputs.Length; j++)
        {
            if (outputs[j] > outputs[best])
                best = j;
        }
        return best;
    }

    /// <summary>softmax(z)ⱼ = e^(zⱼ − m) / Σ e^(zₗ − m), m = max z (the shift avoids overflow and does not change the result).</summary>
    public static double[] Softmax(ReadOnlySpan<double> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var z in logits)
            max = Math.Max(max, z);
        var p = new double[logits.Length];
        var sum = 0.0;
        for (var j = 0; j < p.Length; j++)
        {
            p[j] = Math.Exp(logits[j] - max);
            sum += p[j];
        }
        for (var j = 0; j < p.Length; j++)
            p[j] /= sum;
        return p;
    }

    /// <summary>The class a trained model gives each row of raw (unscaled) features <paramref name="rows"/>, predicted
    /// as one batch.</summary>
    public static int[] Classify(Mlp model, Scaling? scaling, double[][] rows)
    {
        var outputs = model.Predict(scaling is null ? rows : scaling.Apply(rows));
        var classes = new int[outputs.Length];
        for (var i = 0; i < classes.Length; i++)
            classes[i] = ClassOf(outputs[i]);
        return classes;
    }
}
