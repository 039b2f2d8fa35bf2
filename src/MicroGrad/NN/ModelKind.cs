namespace MicroGrad.NN;

/// <summary>What a network predicts, by the labels of its <see cref="ModelMetadata"/>
/// (<see cref="ModelMetadata.KindOf"/>): the rule <c>micrograd predict</c> and <see cref="OnnxExport"/> share.</summary>
public enum ModelKind
{
    /// <summary>No labels: the target's values, one per output.</summary>
    Regression,

    /// <summary>Two labels and one output: a hinge score, whose sign chooses the label (positive: <c>Labels[1]</c>).</summary>
    Score,

    /// <summary>One label per output (at least two): softmax probabilities, the label of the first largest.</summary>
    Probabilities,
}
