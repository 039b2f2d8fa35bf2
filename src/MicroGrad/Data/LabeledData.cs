namespace MicroGrad.Data;

/// <summary>
/// A numeric data set: <see cref="Count"/> rows of <see cref="FeatureNames"/>.Count features each and one target
/// per row, as read by <see cref="CsvData.Read(string, string, IReadOnlyList{string}?)"/>.
/// </summary>
public sealed class LabeledData
{
    /// <summary>Creates a data set after checking its shape.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The rows are ragged, or the numbers of rows, targets and names disagree.</exception>
    public LabeledData(IReadOnlyList<string> featureNames, string targetName, double[][] features, double[] target, string source = "")
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(targetName);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        if (features.Length != target.Length)
            throw new ArgumentException($"Expected one target per row: {features.Length} rows but {target.Length} targets.", nameof(target));
        for (var i = 0; i < features.Length; i++)
        {
            if (features[i] is null || features[i].Length != featureNames.Count)
                throw new ArgumentException(
                    $"Expected {featureNames.Count} features in every row (one per name); row {i} has {features[i]?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}.",
                    nameof(features));
        }
        FeatureNames = featureNames;
        TargetName = targetName;
        Features = features;
        Target = target;
        Source = source;
    }

    /// <summary>The feature columns' names, in order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The target column's name.</summary>
    public string TargetName { get; }

    /// <summary>The features, one array per row (n × k).</summary>
    public double[][] Features { get; }

    /// <summary>The target of each row (n).</summary>
    public double[] Target { get; }

    /// <summary>The number of rows, n.</summary>
    public int Count => Target.Length;

    /// <summary>The number of features, k.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>Where the data came from (a file name), for messages.</summary>
    public string Source { get; }
}
