namespace MicroGrad.Tests.Engine;

/// <summary>
/// Every op of <c>OpCode</c>, enumerated, so that an op cannot be half-added: each needs a row below (how to build it,
/// micrograd's name for it, how many operands it reads, its forward definition, points to check it at), and then its
/// node must compute that forward value, record exactly those operands, carry that name, and have a derivative that
/// agrees with finite differences (GradCheck, the oracle, at torch.autograd.gradcheck's tolerances), on the dynamic
/// graph and bit for bit on a compiled replay.
/// </summary>
public class OpTests
{
    private sealed record Op(string Name, int Arity, Func<IReadOnlyList<Value>, Value> Build, Func<double[], double> Forward, double[][] Points);

    // Names: micrograd's engine.py (_op of each op: '+', '*', '**2', 'ReLU', …; its lecture's 'tanh' and 'exp').
    // Forward: the op's definition in IEEE 754 arithmetic and .NET's Math (PyTorch float64 evaluates the same
    // definitions; the torch_graphs oracle tests check whole graphs against it), so a wrong forward formula fails here
    // even when its derivative is consistent with it (GradCheck alone would pass 2·eˣ as exp).
    // Points avoid kinks and poles (ReLU is checked on both sides of 0, not at it).
    private static readonly Dictionary<string, Op> s_ops = new(StringComparer.Ordinal)
    {
        ["Add"] = new("+", 2, x => x[0] + x[1], x => x[0] + x[1], [[1.5, -2.0]]),
        ["Sub"] = new("-", 2, x => x[0] - x[1], x => x[0] - x[1], [[1.5, -2.0]]),
        ["Mul"] = new("*", 2, x => x[0] * x[1], x => x[0] * x[1], [[1.5, -2.0]]),
        ["Div"] = new("/", 2, x => x[0] / x[1], x => x[0] / x[1], [[1.5, -2.0]]),
        ["Neg"] = new("neg", 1, x => -x[0], x => -x[0], [[1.5]]),
        ["PowConst"] = new("**3", 1, x => x[0].Pow(3.0), x => Math.Pow(x[0], 3.0), [[1.5], [-0.7]]),
        ["Pow"] = new("**", 2, x => x[0].Pow(x[1]), x => Math.Pow(x[0], x[1]), [[1.5, -0.7], [0.8, 2.5]]),
        ["Exp"] = new("exp", 1, x => x[0].Exp(), x => Math.Exp(x[0]), [[0.3], [-1.2]]),
        ["Log"] = new("log", 1, x => x[0].Log(), x => Math.Log(x[0]), [[1.5], [0.2]]),
        ["Tanh"] = new("tanh", 1, x => x[0].Tanh(), x => Math.Tanh(x[0]), [[0.3], [-1.2]]),
        ["Relu"] = new("ReLU", 1, x => x[0].Relu(), x => Math.Max(0.0, x[0]), [[0.7], [-0.7]]),
        ["Sigmoid"] = new("sigmoid", 1, x => x[0].Sigmoid(), x => 1.0 / (1.0 + Math.Exp(-x[0])), [[0.3], [-1.2]]),
        // The ops micrograd lacks. Softplus's definition is ln(1 + eˣ) (checked where 1 + eˣ rounds harmlessly); log1p's is
        // ln(1 + x) at points where 1 + x is exact in binary. Sign is a step: its derivative, 0, is checked away from 0.
        ["Abs"] = new("abs", 1, x => x[0].Abs(), x => Math.Abs(x[0]), [[0.7], [-0.7]]),
        ["Sqrt"] = new("sqrt", 1, x => x[0].Sqrt(), x => Math.Sqrt(x[0]), [[2.0], [0.25]]),
        ["Sin"] = new("sin", 1, x => x[0].Sin(), x => Math.Sin(x[0]), [[0.3], [-2.2]]),
        ["Cos"] = new("cos", 1, x => x[0].Cos(), x => Math.Cos(x[0]), [[0.3], [-2.2]]),
        ["Log1p"] = new("log1p", 1, x => x[0].Log1p(), x => Math.Log(1.0 + x[0]), [[0.5], [-0.25]]),
        ["Softplus"] = new("softplus", 1, x => x[0].Softplus(), x => Math.Log(1.0 + Math.Exp(x[0])), [[0.3], [-1.2], [3.0]]),
        ["Sign"] = new("sign", 1, x => x[0].Sign(), x => Math.Sign(x[0]), [[0.7], [-0.7]]),
        ["Max"] = new("max", 2, x => Value.Max(x[0], x[1]), x => Math.Max(x[0], x[1]), [[1.5, -2.0], [-1.5, 2.0]]),
        ["Min"] = new("min", 2, x => Value.Min(x[0], x[1]), x => Math.Min(x[0], x[1]), [[1.5, -2.0], [-1.5, 2.0]]),
    };

    public static TheoryData<string> OpNames()
    {
        var names = new TheoryData<string>();
        foreach (var op in Enum.GetValues<OpCode>())
        {
            if (op != OpCode.Leaf)
                names.Add(op.ToString());
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(OpNames))]
    public void Every_op_records_its_operands_and_name_and_has_a_derivative_that_passes_gradcheck(string name)
    {
        var code = Enum.Parse<OpCode>(name);
        Assert.True(s_ops.TryGetValue(name, out var op), $"OpCode.{name} has no row in OpTests: add one (name, arity, builder).");

        Assert.Equal(op.Arity, Value.Arity(code));
        Assert.Equal(op.Arity == 2, Value.IsBinary(code));
        foreach (var point in op.Points)
        {
            Assert.Equal(op.Arity, point.Length);
            var leaves = new Value[point.Length];
            for (var i = 0; i < leaves.Length; i++)
                leaves[i] = new Value(point[i]);
            var node = op.Build(leaves);

            Assert.Equal(op.Forward(point), node.Data, 1e-15 * Math.Abs(op.Forward(point)));
            Assert.Equal(code, node.Code);
            Assert.Equal(op.Name, node.Op);
            Assert.Equal(op.Arity, node.Children.Count);
            for (var i = 0; i < leaves.Length; i++)
                Assert.Same(leaves[i], node.Children[i]);

            var report = GradCheck.Check(op.Build, point);
            Assert.True(report.Passed, $"{name} at ({string.Join(", ", point)}):\n{report}");

            // The compiled replay goes through the same formulas: same bits as the dynamic graph.
            var compiled = node.Compile();
            node.Backward();
            var dynamicGrads = Array.ConvertAll(leaves, l => l.Grad);
            foreach (var leaf in leaves)
                leaf.Grad = 0.0;
            Assert.Equal(BitConverter.DoubleToInt64Bits(node.Data), BitConverter.DoubleToInt64Bits(compiled.Forward()));
            compiled.Backward();
            for (var i = 0; i < leaves.Length; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(dynamicGrads[i]), BitConverter.DoubleToInt64Bits(leaves[i].Grad));
        }
    }

    [Fact]
    public void A_leaf_has_no_op_name_and_no_operands()
    {
        var leaf = new Value(1.0);
        Assert.Equal("", leaf.Op);
        Assert.Equal(0, Value.Arity(OpCode.Leaf));
        Assert.Empty(leaf.Children);
    }
}
