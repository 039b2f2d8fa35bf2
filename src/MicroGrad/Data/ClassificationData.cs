using System.Globalization;

namespace MicroGrad.Data;

/// <summary>Points with a class each: <see cref="Inputs"/>[i] has class <see cref="Labels"/>[i] in
/// [0, <see cref="ClassCount"/>). Made by <see cref="Datasets"/>; validated on construction.</summary>
public sealed class ClassificationData
{
    private readonly double[][] _inputs;
    private readonly int[] _labels;

    /// <summary>Wraps <paramref name="inputs"/> and <paramref name="labels"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The counts differ, the rows differ in width, a value is NaN or ±∞, or a label
    /// is outside [0, <paramref name="classCount"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is less than 1.</exception>
    public ClassificationData(double[][] inputs, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        var c = CultureInfo.InvariantCulture;
        if (classCount < 1)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, string.Create(c, $"Expected at least 1 class; got {classCount}."));
        if (inputs.Length != labels.Length)
            throw new ArgumentException(string.Create(c, $"Expected {inputs.Length} labels (one per input row); got {labels.Length}."), nameof(labels));
        var width = inputs.Length == 0 ? 0 : inputs[0]?.Length ?? 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var row = inputs[i] ?? throw new ArgumentException(string.Create(c, $"Expected an input row at index {i}; got null."), nameof(inputs));
            if (row.Length != width)
                throw new ArgumentException(string.Create(c, $"Expected row {i} to have {width} features, as row 0; got {row.Length}."), nameof(inputs));
            for (var j = 0; j < row.Length; j++)
            {
                if (!double.IsFinite(row[j]))
                    throw new ArgumentException(string.Create(c, $"Expected a finite input at row {i}, column {j}; got {row[j]}."), nameof(inputs));
            }
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException(string.Create(c, $"Expected a label in [0, {classCount}) at index {i}; got {labels[i]}."), nameof(labels));
        }
        _inputs = inputs;
        _labels = labels;
        Features = width;
        ClassCount = classCount;
    }

    /// <summary>The points, one row per sample.</summary>
    public IReadOnlyList<double[]> Inputs => _inputs;

    /// <summary>The class of each point.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Number of samples.</summary>
    public int Count => _inputs.Length;

    /// <summary>Number of features per sample.</summary>
    public int Features { get; }

    /// <summary>The labels as numbers (class k becomes k), e.g. for binary cross-entropy targets.</summary>
    public double[] LabelsAsDoubles()
    {
        var y = new double[_labels.Length];
        for (var i = 0; i < y.Length; i++)
            y[i] = _labels[i];
        return y;
    }

    /// <summary>micrograd's <c>y*2 - 1</c>: class 0 becomes −1 and class 1 becomes 1 (hinge-loss targets).</summary>
    /// <exception cref="InvalidOperationException">There are more than two classes.</exception>
    public double[] SignedLabels()
    {
        if (ClassCount > 2)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Expected a binary data set for ±1 labels; got {ClassCount} classes."));
        var y = new double[_labels.Length];
        for (var i = 0; i < y.Length; i++)
            y[i] = _labels[i] * 2 - 1;
        return y;
    }
}
