namespace MicroGrad.NN;

// The accuracy: how many samples the outputs classify right, for every engine.
public sealed partial class Objective
{
    /// <summary>How many samples are classified right, from their outputs (row-major, <paramref name="width"/> per
    /// sample) and targets (0 for regression). Hinge targets are ±1 (positive when the score is > 0); BCE targets are
    /// probabilities (positive when ≥ 0.5); cross-entropy takes the arg-max.</summary>
    private int Correct(ReadOnlySpan<double> outputs, int width, ReadOnlySpan<double> targets)
    {
        if (Loss == LossKind.MeanSquaredError)
            return 0;
        var correct = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            var row = outputs.Slice(i * width, width);
            if (Loss == LossKind.CrossEntropy)
            {
                var best = 0;
                for (var j = 1; j < width; j++)
                {
                    if (row[j] > row[best])
                        best = j;
                }
                correct += best == (int)targets[i] ? 1 : 0;
            }
            else
            {
                var positive = Loss == LossKind.BinaryCrossEntropy ? targets[i] >= 0.5 : targets[i] > 0;
                correct += (row[0] > 0) == positive ? 1 : 0;
            }
        }
        return correct;
    }

    /// <summary>The data of a scalar graph's outputs, row-major.</summary>
    private static double[] OutputData(Value[][] outputs, int width)
    {
        var data = new double[outputs.Length * width];
        for (var i = 0; i < outputs.Length; i++)
        {
            for (var j = 0; j < width; j++)
                data[i * width + j] = outputs[i][j].Data;
        }
        return data;
    }

    /// <summary>The accuracy: <paramref name="correct"/> of <paramref name="count"/>, or NaN for regression.</summary>
    private double Fraction(int correct, int count) => Loss == LossKind.MeanSquaredError ? double.NaN : correct / (double)count;
}
