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
    /// <exception cref="DataFormatException">A column's mean or spread, or a value's deviation from the mean, overflows a
    /// double (values near ±1.8e308); the message names the column.</exception>
    public static Scaling Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var k = data.FeatureCount;
        var offset = new double[k];
        var scale = new double[k];
        for (var j = 0; j < k; j++)
        {
            (offset[j], scale[j]) = ColumnStatistics.MeanAndStandardDeviation(data.Features, j);
            var representable = double.IsFinite(offset[j]) && double.IsFinite(scale[j]);
            // Apply computes (x − mean)/sd on raw values, so every difference must be finite too.
            foreach (var row in data.Features)
                representable &= double.IsFinite(row[j] - offset[j]);
            Check(representable, data, data.FeatureNames[j]);
            scale[j] = scale[j] > 0 ? scale[j] : 1.0;
        }
        return new Scaling(offset, scale);
    }

    /// <summary>Standardises the target of <paramref name="data"/> as <see cref="Fit(Dataset)"/> does a feature (one
    /// offset and one scale): the scaling of a model that predicts the standardised target.</summary>
    /// <exception cref="DataFormatException">The target's mean or spread overflows a double.</exception>
    public static Scaling FitTarget(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (mean, sd) = ColumnStatistics.MeanAndStandardDeviation(data.Target);
        var representable = double.IsFinite(mean) && double.IsFinite(sd);
        foreach (var y in data.Target)
            representable &= double.IsFinite(y - mean);
        Check(representable, data, data.TargetName);
        return new Scaling([mean], [sd > 0 ? sd : 1.0]);
    }

    private static void Check(bool representable, Dataset data, string column)
    {
        if (!representable)
            MicroGradThrow.DataFormat_TooLarge(data.Source, column);
    }

    /// <summary>Subtracted from each feature.</summary>
    public IReadOnlyList<double> Offset => _offset;

    /// <summary>Each feature is divided by this after the offset.</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>Number of features.</summary>
    public int Count => _offset.Length;

    /// <summary><c>(x[j] − Offset[j]) / Scale[j]</c> for every j.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Count"/> elements.</exception>
    public double[] Apply(IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != _offset.Length)
            MicroGradThrow.Argument_InputWidth(nameof(x), _offset.Length, x.Count, "the input scaling");
        var result = new double[x.Count];
        for (var j = 0; j < result.Length; j++)
            result[j] = (x[j] - _offset[j]) / _scale[j];
        return result;
    }

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
    public double[] Invert(IReadOnlyList<double> z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.Count != _offset.Length)
            MicroGradThrow.Argument_InputWidth(nameof(z), _offset.Length, z.Count, "the scaling");
        var result = new double[z.Count];
        for (var j = 0; j < result.Length; j++)
            result[j] = z[j] * _scale[j] + _offset[j];
        return result;
    }
}
