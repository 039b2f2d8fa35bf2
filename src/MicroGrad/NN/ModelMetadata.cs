namespace MicroGrad.NN;

/// <summary>What a model file records beside the network, for tools such as the CLI: the input columns, the target,
/// the class labels and how inputs were scaled. Every part is optional.</summary>
public sealed class ModelMetadata
{
    /// <summary>Names of the input features, in input order (as many as the model's inputs).</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>Name of the predicted column.</summary>
    public string? Target { get; init; }

    /// <summary>Label mapping: <c>Labels[k]</c> is the original label of class k (for hinge models, class 0 is the
    /// −1 side and class 1 the +1 side).</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>How raw inputs are transformed before <see cref="Mlp.Forward(IReadOnlyList{double})"/>.</summary>
    public Scaling? InputScaling { get; init; }

    /// <summary>How the target was transformed for training (one offset and scale per model output): the model
    /// predicts <c>(y − Offset) / Scale</c>, so a prediction in the target's units is
    /// <see cref="Scaling.Invert"/> of the model's output.</summary>
    public Scaling? TargetScaling { get; init; }
}

/// <summary>An affine standardisation of a vector: element j becomes <c>(x[j] − Offset[j]) / Scale[j]</c> (e.g. the
/// training mean and standard deviation), and <see cref="Invert"/> undoes it.</summary>
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

    /// <summary><c>z[j] · Scale[j] + Offset[j]</c> for every j: the inverse of <see cref="Apply"/>.</summary>
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

/// <summary>A model read by <see cref="ModelFile.Load"/>: the network and its metadata.</summary>
/// <param name="Model">The network, with the saved parameters.</param>
/// <param name="Metadata">The saved metadata (empty when the file had none).</param>
public sealed record SavedModel(Mlp Model, ModelMetadata Metadata);
