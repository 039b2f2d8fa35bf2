using System.Text.Json;
using MicroGrad.NN;

namespace MicroGrad.Tests.Engine;

/// <summary>60 MLP-shaped matrix graphs evaluated by libtorch 2.10 in float64 through TorchSharp
/// (TestData/torch_tensor_graphs.json, a copy of shared/testdata/torch_tensor_graphs.json; format in
/// shared/testdata/README.md): the loss and every leaf gradient.</summary>
public class TensorTorchGraphsTests
{
    // The oracle file, parsed once for all 60 theory cases.
    private static readonly System.Text.Json.JsonElement s_graphs = TestData.Json("torch_tensor_graphs.json");

    public static TheoryData<int> GraphIndices()
    {
        var data = new TheoryData<int>();
        var count = s_graphs.GetArrayLength();
        for (var i = 0; i < count; i++)
            data.Add(i);
        return data;
    }

    /// <summary>Builds the graph a torch_tensor_graphs.json entry describes: its six leaves and its loss.</summary>
    internal static (Tensor[] Leaves, Tensor Loss) Build(JsonElement graph)
    {
        var nodes = new List<Tensor>();
        foreach (var leaf in graph.GetProperty("leaves").EnumerateArray())
        {
            var shape = leaf.GetProperty("shape");
            nodes.Add(new Tensor(shape[0].GetInt32(), shape[1].GetInt32(), Doubles(leaf.GetProperty("data"))));
        }
        var leaves = nodes.ToArray();
        foreach (var op in graph.GetProperty("ops").EnumerateArray())
        {
            var name = op[0].GetString()!;
            var a = nodes[op[1].GetInt32()];
            nodes.Add(name switch
            {
                "matmul" => a.MatMul(nodes[op[2].GetInt32()]),
                "add" => a + nodes[op[2].GetInt32()],
                "sub" => a - nodes[op[2].GetInt32()],
                "mul" => a * nodes[op[2].GetInt32()],
                "div" => a / nodes[op[2].GetInt32()],
                "addc" => a + op[2].GetDouble(),
                "mulc" => a * op[2].GetDouble(),
                "relu" => a.Relu(),
                "tanh" => a.Tanh(),
                "sigmoid" => a.Sigmoid(),
                "exp" => a.Exp(),
                "log" => a.Log(),
                "pow2" => a.Pow(2),
                _ => throw new InvalidDataException($"Unknown op '{name}' in torch_tensor_graphs.json."),
            });
        }
        var loss = graph.GetProperty("loss");
        var x = nodes[loss[1].GetInt32()];
        var output = loss[0].GetString() switch
        {
            "cross_entropy" => Losses.CrossEntropy(x, Ints(graph.GetProperty("targets"))),
            // mean((a − b)²), b broadcast: composed from tensor ops, as the README describes it.
            "mse" => (x - nodes[loss[2].GetInt32()]).Pow(2).Mean(),
            // mean(relu(1 − s·a)) with the n×c signs s.
            "hinge" => (1.0 - new Tensor(x.Rows, x.Columns, Doubles(graph.GetProperty("signs"))) * x).Relu().Mean(),
            "sum" => x.Sum(),
            "mean" => x.Mean(),
            var other => throw new InvalidDataException($"Unknown loss '{other}' in torch_tensor_graphs.json."),
        };
        return (leaves, output);
    }

    private static double[] Doubles(JsonElement array) => Items(array, item => item.GetDouble());

    private static int[] Ints(JsonElement array) => Items(array, item => item.GetInt32());

    private static T[] Items<T>(JsonElement array, Func<JsonElement, T> read)
    {
        var values = new T[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
            values[i++] = read(item);
        return values;
    }

    [Theory]
    [MemberData(nameof(GraphIndices))]
    public void Loss_and_every_leaf_gradient_match_pytorch(int index)
    {
        // Oracle: libtorch 2.10 float64 (torch_tensor_graphs.json's value and grads).
        var graph = s_graphs[index];
        var (leaves, loss) = Build(graph);
        loss.Backward();

        Assert.Equal((1, 1), (loss.Rows, loss.Columns));
        // The oracle's tolerance, shared with the scalar graphs: |got − want| ≤ 1e-12 + 1e-10·|want|.
        TorchGraphsTests.AssertMatches(graph.GetProperty("value").GetDouble(), loss.Data[0], "loss");
        var grads = graph.GetProperty("grads");
        Assert.Equal(leaves.Length, grads.GetArrayLength());
        for (var i = 0; i < leaves.Length; i++)
        {
            var want = Doubles(grads[i]);
            Assert.Equal(want.Length, leaves[i].Grad.Length);
            for (var k = 0; k < want.Length; k++)
                TorchGraphsTests.AssertMatches(want[k], leaves[i].Grad[k], $"grad of leaf {i} at row {k / leaves[i].Columns}, column {k % leaves[i].Columns}");
        }
    }

    [Fact]
    public void The_oracle_covers_every_op_and_loss_the_file_format_names()
    {
        // A precondition of the test above: the 60 graphs exercise each op and each loss at least once.
        var ops = new HashSet<string>(StringComparer.Ordinal);
        var losses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var graph in s_graphs.EnumerateArray())
        {
            foreach (var op in graph.GetProperty("ops").EnumerateArray())
                ops.Add(op[0].GetString()!);
            losses.Add(graph.GetProperty("loss")[0].GetString()!);
        }
        Assert.Equal(60, s_graphs.GetArrayLength());
        Assert.Equal(["add", "addc", "div", "exp", "log", "matmul", "mul", "mulc", "pow2", "relu", "sigmoid", "sub", "tanh"],
            ops.Order(StringComparer.Ordinal));
        Assert.Equal(["cross_entropy", "hinge", "mean", "mse", "sum"], losses.Order(StringComparer.Ordinal));
    }
}
