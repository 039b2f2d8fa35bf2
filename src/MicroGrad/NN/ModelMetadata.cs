using MicroGrad.Data;

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

    /// <summary>What <paramref name="model"/> predicts under these labels: <see cref="ModelKind.Regression"/> without
    /// labels, <see cref="ModelKind.Score"/> for two labels and one output, <see cref="ModelKind.Probabilities"/> for
    /// one label per output (at least two).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">A label is null, or the labels fit neither classifier (the message gives
    /// the counts).</exception>
    public ModelKind KindOf(Mlp model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Labels is not { } labels)
            return ModelKind.Regression;
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is null)
                MicroGradThrow.Argument_NullEntry(nameof(Labels), "a label", i);
        }
        if (labels.Count == 2 && model.OutputCount == 1)
            return ModelKind.Score;
        if (labels.Count == model.OutputCount && labels.Count >= 2)
            return ModelKind.Probabilities;
        MicroGradThrow.Argument_LabelCount(nameof(Labels), model.OutputCount, labels.Count);
        return default;
    }
}

/// <summary>A model read by <see cref="ModelFile.Load"/>: the network and its metadata.</summary>
/// <param name="Model">The network, with the saved parameters.</param>
/// <param name="Metadata">The saved metadata (empty when the file had none).</param>
public sealed record SavedModel(Mlp Model, ModelMetadata Metadata);
