using System.Text.Json;

namespace MicroGrad.Tests.Engine;

/// <summary>The graphs of the PyTorch oracles (TestData/torch_graphs.json and torch_second_order.json) built with
/// Values: ops in order, each appending one node, the output the sum of the last nodes (format in TestData/README.md).</summary>
internal static class TorchGraphs
{
    /// <summary>Builds the graph an entry describes over <paramref name="leaves"/>: torch_graphs.json's op vocabulary
    /// plus the unary abs, sqrt, sin, cos, log1p, softplus, sign and the binary max, min.</summary>
    internal static Value Build(JsonElement graph, IReadOnlyList<Value> leaves, List<double>? softplusArguments = null)
    {
        var nodes = new List<Value>(leaves);
        foreach (var op in graph.GetProperty("ops").EnumerateArray())
        {
            var name = op[0].GetString()!;
            var a = nodes[op[1].GetInt32()];
            if (name == "softplus")
                softplusArguments?.Add(a.Data);
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
                _ => throw new InvalidDataException($"Unknown op '{name}' in the oracle file."),
            });
        }
        var m = graph.GetProperty("output_sum_of_last").GetInt32();
        var output = nodes[^m];
        for (var i = nodes.Count - m + 1; i < nodes.Count; i++)
            output += nodes[i];
        return output;
    }

}
