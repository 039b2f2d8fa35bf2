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
        var nodes = new List<Value>();
        foreach (var leaf in graph.GetProperty("leaves").EnumerateArray())
            nodes.Add(new Value(leafData is null ? leaf.GetDouble() : leafData[nodes.Count]));
        var leaves = nodes.ToArray();
        foreach (var op in graph.GetProperty("ops").EnumerateArray())
        {
            var name = op[0].GetString()!;
            var a = nodes[op[1].GetInt32()];
            nodes.Add(name switch
            {
                "add" => a + nodes[op[2].GetInt32()],
                "sub" => a - nodes[op[2].GetInt32()],
                "mul" => a * nodes[op[2].GetInt32()],
                "div" => a / nodes[op[2].GetInt32()],
                "addc" => a + op[2].GetDouble(),
                "mulc" => a * op[2].GetDouble(),
                "rsubc" => op[2].GetDouble() - a,
                "rdivc" => op[2].GetDouble() / a,
                "neg" => -a,
                "exp" => a.Exp(),
                "log" => a.Log(),
                "tanh" => a.Tanh(),
                "relu" => a.Relu(),
                "sigmoid" => a.Sigmoid(),
                "pow2" => a.Pow(2),
                "pow3" => a.Pow(3),
                "powm1" => a.Pow(-1),
                "pow0.5" => a.Pow(0.5),
                _ => throw new InvalidDataException($"Unknown op '{name}' in torch_graphs.json."),
            });
        }
        var m = graph.GetProperty("output_sum_of_last").GetInt32();
        var output = nodes[^m];
        for (var i = nodes.Count - m + 1; i < nodes.Count; i++)
            output += nodes[i];
        return (leaves, output);
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
