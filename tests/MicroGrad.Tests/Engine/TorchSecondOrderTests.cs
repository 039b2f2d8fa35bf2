using System.Text.Json;

namespace MicroGrad.Tests.Engine;

/// <summary>
/// Second derivatives against PyTorch: TestData/torch_second_order.json holds, for 49 graphs of torch_graphs.json (all
/// but [28], whose relu sits 7e-18 from its kink) and 50 seeded random graphs over every op (the new abs, sqrt, sin, cos, log1p, softplus, sign, max, min too), the value,
/// gradient, full Hessian and a Hessian-vector product that libtorch 2.10 (float64, through TorchSharp 0.107) computed
/// with <c>torch.autograd.grad(create_graph=True)</c>. Generator, command and format: tests/oracles/torch_second_order/
/// (README.md there and in TestData); rerun with <c>tests/oracles/torch_second_order/run.sh</c>.
/// </summary>
public class TorchSecondOrderTests
{
    private const string FileName = "torch_second_order.json";

    public static TheoryData<int> GraphIndices()
    {
        var data = new TheoryData<int>();
        var count = TestData.Json(FileName).GetArrayLength();
        for (var i = 0; i < count; i++)
            data.Add(i);
        return data;
    }

    /// <summary>Builds the graph an entry describes over <paramref name="leaves"/>: torch_graphs.json's op vocabulary
    /// plus the unary abs, sqrt, sin, cos, log1p, softplus, sign and the binary max, min.</summary>
    private static Value Build(JsonElement graph, IReadOnlyList<Value> leaves)
    {
        var nodes = new List<Value>(leaves);
        foreach (var op in graph.GetProperty("ops").EnumerateArray())
        {
            var name = op[0].GetString()!;
            var a = nodes[op[1].GetInt32()];
            Value B() => nodes[op[2].GetInt32()];
            double C() => op[2].GetDouble();
            nodes.Add(name switch
            {
                "add" => a + B(),
                "sub" => a - B(),
                "mul" => a * B(),
                "div" => a / B(),
                "max" => Value.Max(a, B()),
                "min" => Value.Min(a, B()),
                "addc" => a + C(),
                "mulc" => a * C(),
                "rsubc" => C() - a,
                "rdivc" => C() / a,
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
                "abs" => a.Abs(),
                "sqrt" => a.Sqrt(),
                "sin" => a.Sin(),
                "cos" => a.Cos(),
                "log1p" => a.Log1p(),
                "softplus" => a.Softplus(),
                "sign" => a.Sign(),
                _ => throw new InvalidDataException($"Unknown op '{name}' in {FileName}."),
            });
        }
        var m = graph.GetProperty("output_sum_of_last").GetInt32();
        var output = nodes[^m];
        for (var i = nodes.Count - m + 1; i < nodes.Count; i++)
            output += nodes[i];
        return output;
    }

    private static Value[] Leaves(JsonElement graph) =>
        [.. graph.GetProperty("leaves").EnumerateArray().Select(x => new Value(x.GetDouble()))];

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(x => x.GetDouble())];

    /// <summary>
    /// Whether <paramref name="got"/> matches PyTorch's <paramref name="want"/>: |got − want| ≤ 1e-12·|want| + 1e-14·s,
    /// with s = max(1, the largest |number| of the same quantity for that graph).
    /// </summary>
    /// <remarks>
    /// The relative part: libtorch and .NET compute exp, log, tanh, sin… with different libraries, each within an ulp
    /// but not always the same ulp, and a derivative formula can amplify that (1 − tanh²x near saturation: a 1-ulp
    /// difference in tanh x = 0.9996 moves 1 − tanh² by 1.3e-13 relative); the worst seen on this file is 4.3e-14
    /// (generated[25], through such a tanh), so 1e-12 leaves more than 20×. The absolute part: entries that are 0 in
    /// exact arithmetic (x/x, x − x, a row of a leaf that enters linearly) come out on either side as rounding residue of
    /// terms that cancel, a few ulps of the quantity's scale (seen: 1.1e-16 at scale 1.8, torch_graphs.json[7]; 4.4e-16
    /// at scale 1, [20]), so 1e-14·s leaves more than 20× too.
    /// </remarks>
    private static void AssertMatches(double want, double got, double scale, string what) =>
        Assert.True(Math.Abs(got - want) <= 1e-12 * Math.Abs(want) + 1e-14 * Math.Max(1.0, scale),
            $"{what}: PyTorch {want:R}, MicroGrad {got:R}");

    private static void AssertMatches(double[] want, IReadOnlyList<double> got, string what)
    {
        Assert.Equal(want.Length, got.Count);
        var scale = want.Max(Math.Abs);
        for (var i = 0; i < want.Length; i++)
            AssertMatches(want[i], got[i], scale, $"{what}[{i}]");
    }

    /// <summary>Oracle: libtorch's value, gradient (autograd.grad with create_graph), Hessian (autograd.grad of each
    /// gradient component) and Hessian-vector product (autograd.grad of Σ gradᵢ·vᵢ), from the file.</summary>
    [Theory]
    [MemberData(nameof(GraphIndices))]
    public void Value_gradient_hessian_and_hessian_vector_product_match_pytorch(int index)
    {
        var graph = TestData.Json(FileName)[index];
        var source = graph.GetProperty("source").GetString();
        var leaves = Leaves(graph);
        var output = Build(graph, leaves);
        var n = leaves.Length;

        var value = graph.GetProperty("value").GetDouble();
        AssertMatches(value, output.Data, Math.Abs(value), $"{source}: value");
        // The gradient as a graph, the one the Hessian differentiates.
        var gradient = Autograd.Grad(output, leaves, createGraph: true);
        AssertMatches(Numbers(graph.GetProperty("grads")), [.. gradient.Select(g => g.Data)], $"{source}: gradient");

        var hessian = Autograd.Hessian(output, leaves);
        var want = graph.GetProperty("hessian");
        Assert.Equal(n, want.GetArrayLength());
        var rows = Enumerable.Range(0, n).Select(i => Numbers(want[i])).ToArray();
        var scale = rows.SelectMany(r => r).DefaultIfEmpty(0.0).Max(Math.Abs);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(n, rows[i].Length);
            for (var j = 0; j < n; j++)
                AssertMatches(rows[i][j], hessian[i, j], scale, $"{source}: Hessian[{i}, {j}]");
        }

        // The function form, on fresh leaves holding the same point.
        var point = Numbers(graph.GetProperty("leaves"));
        var hvp = Autograd.HessianVectorProduct(x => Build(graph, x), point, Numbers(graph.GetProperty("vector")));
        AssertMatches(Numbers(graph.GetProperty("hvp")), hvp, $"{source}: Hessian·v");
    }

    /// <summary>Oracle: libtorch's gradient, from the file; here through <see cref="Value.Backward"/>, the path training
    /// uses, which the new ops also go through.</summary>
    [Theory]
    [MemberData(nameof(GraphIndices))]
    public void Backward_gives_pytorchs_gradient(int index)
    {
        var graph = TestData.Json(FileName)[index];
        var leaves = Leaves(graph);
        Build(graph, leaves).Backward();
        AssertMatches(Numbers(graph.GetProperty("grads")), [.. leaves.Select(l => l.Grad)], $"{graph.GetProperty("source").GetString()}: leaf gradient");
    }

    /// <summary>The file exercises every op of the vocabulary and exact ties of max and min (where each operand gets
    /// half, as torch.maximum), so a regenerated file cannot silently drop one.</summary>
    [Fact]
    public void The_oracle_covers_every_op_and_ties()
    {
        string[] vocabulary = ["add", "sub", "mul", "div", "max", "min", "addc", "mulc", "rsubc", "rdivc", "neg", "exp", "log",
            "tanh", "relu", "sigmoid", "pow2", "pow3", "powm1", "pow0.5", "abs", "sqrt", "sin", "cos", "log1p", "softplus", "sign"];
        var ops = TestData.Json(FileName).EnumerateArray().SelectMany(g => g.GetProperty("ops").EnumerateArray()).ToList();
        var counts = ops.GroupBy(o => o[0].GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(vocabulary, name => Assert.True(counts.GetValueOrDefault(name) >= 10, $"{name}: {counts.GetValueOrDefault(name)} uses"));
        Assert.Empty(counts.Keys.Except(vocabulary));
        foreach (var name in new[] { "max", "min" })
            Assert.Contains(ops, o => o[0].GetString() == name && o[1].GetInt32() == o[2].GetInt32());
    }
}
