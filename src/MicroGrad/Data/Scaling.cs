using System.Runtime.CompilerServices;

namespace MicroGrad.Data;

/// <summary>An affine standardisation of a vector: element j becomes <c>(x[j] − Offset[j]) / Scale[j]</c> (e.g. the
/// training mean and standard deviation, see <see cref="Fit(Dataset)"/>), and <see cref="Invert"/> undoes it.</summary>
public sealed class Scaling
{
    private readonly double[] _offset;
    private readonly double[] _scale;

    /// <summary>Creates the scaling from one offset and one scale per feature.</summary>
    /// <exception cref="ArgumentException">The lengths differ, a value is NaN or ±∞, or a scale is 0.</exception>
    public Scaling(IReadOnlyList<double> offset, IReadOnlyList<double> scale)
    {
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(scale);
        if (offset.Count != scale.Count)
            MicroGradThrow.Argument_CountMismatch(nameof(scale), "scales (one per offset)", offset.Count, scale.Count);
        _offset = [.. offset];
        _scale = [.. scale];
        for (var j = 0; j < _offset.Length; j++)
        {
            if (!double.IsFinite(_offset[j]))
                MicroGradThrow.Argument_NotFinite(nameof(offset), "offset", j, _offset[j]);
            if (!double.IsFinite(_scale[j]) || _scale[j] == 0)
                MicroGradThrow.Argument_NotFinite(nameof(scale), "non-zero scale", j, _scale[j]);
        }
    }

    /// <summary>Standardises the features of <paramref name="data"/> as scikit-learn's <c>StandardScaler</c>: offset =
    /// column mean, scale = population standard deviation (ddof 0), and scale 1 for a constant column.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> has no rows.</exception>
    /// <exception cref="DataFormatException">A column's mean or spread, or a value's deviation from the mean, overflows a
    /// double (values near ±1.8e308); the message names the column.</exception>
    public static Scaling Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
            MicroGradThrow.Argument_EmptyDataSet(nameof(data), "row to take means and standard deviations from");
        var k = data.FeatureCount;
        var offset = new double[k];
        var scale = new double[k];
        for (var j = 0; j < k; j++)
        {
            var statistics = ColumnStatistics.MeanAndStandardDeviation(data.Features, j);
            var deviationsFinite = true;
            foreach (var row in data.Features)
                deviationsFinite &= double.IsFinite(row[j] - statistics.Mean);
            (offset[j], scale[j]) = Standardisation(statistics, deviationsFinite, data, data.FeatureNames[j]);
        }
        return new Scaling(offset, scale);
    }

    /// <summary>Standardises the target of <paramref name="data"/> as <see cref="Fit(Dataset)"/> does a feature (one
    /// offset and one scale): the scaling of a model that predicts the standardised target.</summary>
    /// <exception cref="DataFormatException">The target's mean or spread, or a value's deviation from the mean,
    /// overflows a double.</exception>
    public static Scaling FitTarget(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
            MicroGradThrow.Argument_EmptyDataSet(nameof(data), "row to take means and standard deviations from");
        var statistics = ColumnStatistics.MeanAndStandardDeviation(data.Target);
        var deviationsFinite = true;
        foreach (var y in data.Target)
            deviationsFinite &= double.IsFinite(y - statistics.Mean);
        var (offset, scale) = Standardisation(statistics, deviationsFinite, data, data.TargetName);
        return new Scaling([offset], [scale]);
    }

    /// <summary>The offset and scale of one column; <see cref="Apply(IReadOnlyList{double})"/> computes (x − mean)/sd on
    /// raw values, so the mean, the spread and every deviation must be finite.</summary>
    private static (double Offset, double Scale) Standardisation((double Mean, double StandardDeviation) statistics, bool deviationsFinite,
        Dataset data, string column)
    {
        var (mean, sd) = statistics;
        if (!(deviationsFinite && double.IsFinite(mean) && double.IsFinite(sd)))
            MicroGradThrow.DataFormat_TooLarge(data.Source, column);
        return (mean, sd > 0 ? sd : 1.0);
    }

    /// <summary>Subtracted from each feature.</summary>
    public IReadOnlyList<double> Offset => _offset;

    /// <summary>Each feature is divided by this after the offset.</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>Number of features.</summary>
    public int Count => _offset.Length;

    /// <summary><c>(x[j] − Offset[j]) / Scale[j]</c> for every j.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Count"/> elements.</exception>
    public double[] Apply(IReadOnlyList<double> x) => Transform(x, invert: false);

    /// <summary>Every row of <paramref name="rows"/> through <see cref="Apply(IReadOnlyList{double})"/>, into new arrays
    /// (the rows are not changed).</summary>
    /// <exception cref="ArgumentException">A row does not have <see cref="Count"/> elements.</exception>
    public double[][] Apply(double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scaled = new double[rows.Length][];
        for (var i = 0; i < rows.Length; i++)
            scaled[i] = Apply(rows[i]);
        return scaled;
    }

    /// <summary><c>z[j] · Scale[j] + Offset[j]</c> for every j: the inverse of <see cref="Apply(IReadOnlyList{double})"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="z"/> does not have <see cref="Count"/> elements.</exception>
    public double[] Invert(IReadOnlyList<double> z) => Transform(z, invert: true);

    /// <summary>Element <paramref name="j"/> of <see cref="Apply(IReadOnlyList{double})"/>: <c>(x − Offset[j]) / Scale[j]</c>.</summary>
    internal double Apply(int j, double x) => (x - _offset[j]) / _scale[j];

    private double[] Transform(IReadOnlyList<double> x, bool invert, [CallerArgumentExpression(nameof(x))] string paramName = "")
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        if (x.Count != _offset.Length)
            MicroGradThrow.Argument_InputWidth(paramName, _offset.Length, x.Count, invert ? "the scaling" : "the input scaling");
        var result = new double[x.Count];
        for (var j = 0; j < result.Length; j++)
            result[j] = invert ? x[j] * _scale[j] + _offset[j] : Apply(j, x[j]);
        return result;
    }
}
