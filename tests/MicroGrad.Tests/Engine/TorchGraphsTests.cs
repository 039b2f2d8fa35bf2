using System.Text.Json;

namespace MicroGrad.Tests.Engine;

/// <summary>50 random expression graphs evaluated by PyTorch 2.11 in float64 (TestData/torch_graphs.json, a copy of
/// shared/testdata/torch_graphs.json; format in shared/testdata/README.md).</summary>
public class TorchGraphsTests
{
    public static TheoryData<int> GraphIndices()
    {
        var data = new TheoryData<int>();
        var count = TestData.Json("torch_graphs.json").GetArrayLength();
        for (var i = 0; i < count; i++)
            data.Add(i);
        return data;
    }

    /// <summary>Builds the graph a torch_graphs.json entry describes; returns its leaves and output.</summary>
    internal static (Value[] Leaves, Value Output) Build(JsonElement graph) => Build(graph, null);

    /// <summary>Builds the graph with its leaves holding <paramref name="leafData"/> instead of the file's values.</summary>
    internal static (Value[] Leaves, Value Output) Build(JsonElement graph, IReadOnlyList<double>? leafData)
    {
        var leaves = graph.GetProperty("leaves").EnumerateArray()
            .Select((leaf, i) => new Value(leafData is null ? leaf.GetDouble() : leafData[i])).ToArray();
        return (leaves, TorchGraphs.Build(graph, leaves));
    }

    internal static void AssertMatches(double want, double got, string what) =>
        // Tolerance from the issue: |got - want| <= 1e-12 + 1e-10 |want| (float64 with different summation orders).
        Assert.True(Math.Abs(got - want) <= 1e-12 + 1e-10 * Math.Abs(want), $"{what}: PyTorch {want:R}, MicroGrad {got:R}");

    [Theory]
    [MemberData(nameof(GraphIndices))]
    public void Value_and_leaf_gradients_match_pytorch(int index)
    {
        var graph = TestData.Json("torch_graphs.json")[index];
        var (leaves, output) = Build(graph);
        output.Backward();

        AssertMatches(graph.GetProperty("value").GetDouble(), output.Data, "value");
        var grads = graph.GetProperty("grads");
        for (var i = 0; i < leaves.Length; i++)
            AssertMatches(grads[i].GetDouble(), leaves[i].Grad, $"grad of leaf {i}");
    }
}
