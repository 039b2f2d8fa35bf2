namespace MicroGrad.Data;

/// <summary>
/// A numeric data set: <see cref="Count"/> rows of <see cref="FeatureCount"/> features and one target per row, as
/// read by <see cref="CsvData.Read(string, string, IReadOnlyList{string}?)"/> or drawn by <see cref="Datasets"/>.
/// A classification (<see cref="IsClassification"/>) also knows the class of every row, in
/// [0, <see cref="ClassCount"/>); its <see cref="Target"/> is that class as a number (class k is k), and
/// <see cref="SignedLabels"/> gives the ±1 targets of a hinge loss. The arrays are shared, not copied.
/// </summary>
public sealed class Dataset
{
    private readonly int[]? _labels;

    /// <summary>Creates a data set after checking its shape.</summary>
    /// <param name="featureNames">The feature columns' names, one per feature.</param>
    /// <param name="targetName">The target column's name.</param>
    /// <param name="features">The features, one array per row (n × k), not copied.</param>
    /// <param name="target">The target of each row (n), not copied.</param>
    /// <param name="source">Where the data came from (a file name), for messages.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A row is null or ragged, or the numbers of rows, targets and names disagree.</exception>
    public Dataset(IReadOnlyList<string> featureNames, string targetName, double[][] features, double[] target, string source = "")
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(targetName);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        if (features.Length != target.Length)
            MicroGradThrow.Argument_TargetCount(nameof(target), features.Length, target.Length);
        for (var i = 0; i < features.Length; i++)
        {
            if (features[i]?.Length != featureNames.Count)
                MicroGradThrow.Argument_RowWidth(nameof(features), i, featureNames.Count, features[i]?.Length);
        }
        FeatureNames = featureNames;
        TargetName = targetName;
        Features = features;
        Target = target;
        Source = source;
    }

    /// <summary>Creates a classification: row i of <paramref name="features"/> has class <paramref name="labels"/>[i]
    /// in [0, <paramref name="classCount"/>). The features are named x0, x1, … and the target <c>class</c>.</summary>
    /// <param name="features">The points, one array per row (n × k, every value finite), not copied.</param>
    /// <param name="labels">The class of each row (n), not copied.</param>
    /// <param name="classCount">The number of classes (some may have no rows).</param>
    /// <param name="source">Where the data came from, for messages.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The counts differ, a row is null or ragged, a value is NaN or ±∞, or a label is
    /// outside [0, <paramref name="classCount"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is less than 1.</exception>
    public Dataset(double[][] features, int[] labels, int classCount, string source = "")
        : this(DefaultNames(features), "class", features, Classes(features, labels, classCount), source)
    {
        _labels = labels;
        ClassCount = classCount;
    }

    /// <summary>The feature columns' names, in order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The target column's name.</summary>
    public string TargetName { get; }

    /// <summary>The features, one array per row (n × k).</summary>
    public double[][] Features { get; }

    /// <summary>The target of each row (n); for a classification, the class index as a number.</summary>
    public double[] Target { get; }

    /// <summary>The number of rows, n.</summary>
    public int Count => Target.Length;

    /// <summary>The number of features, k.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>Where the data came from (a file name), for messages.</summary>
    public string Source { get; }

    /// <summary>Whether every row has a class (<see cref="Labels"/>).</summary>
    public bool IsClassification => _labels is not null;

    /// <summary>The class of each row, in [0, <see cref="ClassCount"/>); null unless <see cref="IsClassification"/>.</summary>
    public IReadOnlyList<int>? Labels => _labels;

    /// <summary>The number of classes; 0 unless <see cref="IsClassification"/>.</summary>
    public int ClassCount { get; }

    /// <summary>micrograd's <c>y*2 - 1</c>: class 0 becomes −1 and class 1 becomes 1 (hinge-loss targets), in a new array.</summary>
    /// <exception cref="InvalidOperationException">The data set is not a classification, or has more than two classes.</exception>
    public double[] SignedLabels()
    {
        if (_labels is null || ClassCount > 2)
            MicroGradThrow.InvalidOperation_NotBinary(_labels is null ? 0 : ClassCount);
        var y = new double[_labels.Length];
        for (var i = 0; i < y.Length; i++)
            y[i] = _labels[i] * 2 - 1;
        return y;
    }

    private static string[] DefaultNames(double[][] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var names = new string[features.Length == 0 ? 0 : features[0]?.Length ?? 0];
        for (var j = 0; j < names.Length; j++)
            names[j] = "x" + j.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return names;
    }

    /// <summary>Checks a classification's points and labels; returns the labels as numbers (the target).</summary>
    private static double[] Classes(double[][] features, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (classCount < 1)
            MicroGradThrow.ArgumentOutOfRange(nameof(classCount), classCount, "at least 1 class");
        if (features.Length != labels.Length)
            MicroGradThrow.Argument_TargetCount(nameof(labels), features.Length, labels.Length);
        var width = features.Length == 0 ? 0 : features[0]?.Length ?? 0;
        var target = new double[labels.Length];
        for (var i = 0; i < features.Length; i++)
        {
            var row = features[i];
            if (row?.Length != width)
                MicroGradThrow.Argument_RowWidth(nameof(features), i, width, row?.Length);
            for (var j = 0; j < row.Length; j++)
            {
                if (!double.IsFinite(row[j]))
                    MicroGradThrow.Argument_NotFinite(nameof(features), "input", i, j, row[j]);
            }
            if ((uint)labels[i] >= (uint)classCount)
                MicroGradThrow.Argument_ClassLabel(nameof(labels), i, labels[i], classCount);
            target[i] = labels[i];
        }
        return target;
    }
}
