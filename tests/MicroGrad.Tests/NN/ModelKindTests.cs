using MicroGrad.NN;

namespace MicroGrad.Tests.NN;

/// <summary>ModelMetadata.KindOf, the rule `micrograd predict` and OnnxExport share (oracle: its XML docs).</summary>
public class ModelKindTests
{
    [Fact]
    public void Labels_decide_regression_score_or_probabilities_and_others_are_refused_with_the_counts()
    {
        var one = new Mlp(2, [3, 1]);
        var three = new Mlp(2, [3, 3]);
        Assert.Equal(ModelKind.Regression, new ModelMetadata().KindOf(three));
        Assert.Equal(ModelKind.Score, new ModelMetadata { Labels = ["no", "yes"] }.KindOf(one));
        Assert.Equal(ModelKind.Probabilities, new ModelMetadata { Labels = ["a", "b", "c"] }.KindOf(three));
        var refused = Assert.Throws<ArgumentException>(() => new ModelMetadata { Labels = ["a", "b"] }.KindOf(three));
        Assert.StartsWith("Expected one label per model output (3), or two labels for one output (a hinge score); got 2 labels for 3 outputs.",
            refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ModelMetadata { Labels = ["a", null!] }.KindOf(one));
        Assert.Throws<ArgumentNullException>(() => new ModelMetadata().KindOf(null!));
    }
}
