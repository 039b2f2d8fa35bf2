using MicroGrad.NN;

namespace MicroGrad.Tests.Engine;

/// <summary>
/// Every op of <c>TensorOp</c>, enumerated (as OpTests does for <c>OpCode</c>), so that a tensor op cannot be half
/// added: each needs a row below, whose variants (shapes, broadcasting on either side, axes) say how to build it, the
/// name <see cref="Tensor.Op"/> gives, and its forward definition in plain loops; the node must compute that forward,
/// record its operands, and have a derivative that agrees with central finite differences (GradCheck for tensors, the
/// oracle, at torch.autograd.gradcheck's tolerances) on every element of every input.
/// </summary>
public class TensorOpTests
{
    private sealed record Variant((int Rows, int Columns)[] Shapes, string Name, Func<IReadOnlyList<Tensor>, Tensor> Build, Func<Tensor[], Expected> Forward);

    private sealed record Expected(int Rows, int Columns, double[] Data);

    /// <summary>An op's row: its operand count, its variants, and the interval its inputs are drawn from (ops with a
    /// pole, a kink or a restricted domain get one that avoids it; ReLU's excludes a band around 0).</summary>
    private sealed record Row(int Arity, Variant[] Variants, double Low = -2.0, double High = 2.0);

    // Shapes of a binary elementwise op: equal, a 1-row operand on either side (the contract), 1×1 on either side (a
    // double's form) and a 1-column operand (PyTorch's rule along the other axis).
    private static readonly (int, int)[][] s_broadcastShapes =
        [[(3, 2), (3, 2)], [(3, 2), (1, 2)], [(1, 2), (3, 2)], [(3, 2), (1, 1)], [(1, 1), (3, 2)], [(3, 2), (3, 1)], [(1, 3), (2, 1)]];

    // Forward definitions: IEEE 754 arithmetic and .NET's Math over plain loops, PyTorch's definitions of the ops
    // (the torch_tensor_graphs oracle tests check whole graphs against libtorch itself).
    private static readonly Dictionary<string, Row> s_ops = new(StringComparer.Ordinal)
    {
        ["MatMul"] = new(2,
        [
            new([(3, 4), (4, 2)], "MatMul", x => x[0].MatMul(x[1]), MatMulDefinition),
            new([(1, 3), (3, 1)], "MatMul", x => x[0].MatMul(x[1]), MatMulDefinition),
        ]),
        ["Linear"] = new(3,
        [
            new([(3, 4), (4, 2), (1, 2)], "Linear", x => x[0].Linear(x[1], x[2]), x => LinearDefinition(x, a => a)),
            new([(1, 3), (3, 1), (1, 1)], "Linear", x => x[0].Linear(x[1], x[2]), x => LinearDefinition(x, a => a)),
            new([(3, 4), (4, 5), (1, 5)], "Linear(Tanh)", x => x[0].Linear(x[1], x[2], Activation.Tanh), x => LinearDefinition(x, Math.Tanh)),
            new([(3, 4), (4, 2), (1, 2)], "Linear(Sigmoid)", x => x[0].Linear(x[1], x[2], Activation.Sigmoid),
                x => LinearDefinition(x, a => 1.0 / (1.0 + Math.Exp(-a)))),
            // Inputs in [0.5, 2]: every pre-activation is positive, away from ReLU's kink.
            new([(3, 4), (4, 2), (1, 2)], "Linear(Relu)", x => x[0].Linear(x[1], x[2], Activation.Relu),
                x => LinearDefinition(x, a => Math.Max(0.0, a))),
        ], Low: 0.5),
        ["Add"] = Binary("Add", (a, b) => a + b, (a, b) => a + b),
        ["Sub"] = Binary("Sub", (a, b) => a - b, (a, b) => a - b),
        ["Mul"] = Binary("Mul", (a, b) => a * b, (a, b) => a * b),
        ["Div"] = Binary("Div", (a, b) => a / b, (a, b) => a / b, low: 0.5),
        ["Neg"] = Unary("Neg", a => -a, a => -a),
        ["Pow"] = new(1,
        [
            new([(3, 2)], "Pow(3)", x => x[0].Pow(3), x => Map(x[0], a => Math.Pow(a, 3))),
            new([(3, 2)], "Pow(0.5)", x => x[0].Pow(0.5), x => Map(x[0], Math.Sqrt)),
            new([(3, 2)], "Pow(-1)", x => x[0].Pow(-1), x => Map(x[0], a => 1.0 / a)),
        ], Low: 0.5),
        ["Exp"] = Unary("Exp", a => a.Exp(), Math.Exp),
        ["Log"] = Unary("Log", a => a.Log(), Math.Log, low: 0.2),
        ["Tanh"] = Unary("Tanh", a => a.Tanh(), Math.Tanh),
        ["Relu"] = Unary("Relu", a => a.Relu(), a => Math.Max(0.0, a)),
        ["Sigmoid"] = Unary("Sigmoid", a => a.Sigmoid(), a => 1.0 / (1.0 + Math.Exp(-a))),
        ["Softplus"] = Unary("Softplus", a => a.Softplus(), a => Math.Log(1.0 + Math.Exp(a))),
        ["Sum"] = new(1,
        [
            new([(3, 2)], "Sum", x => x[0].Sum(), x => Reduce(x[0], -1, 1.0)),
            new([(3, 2)], "Sum(axis: 0)", x => x[0].Sum(0), x => Reduce(x[0], 0, 1.0)),
            new([(3, 2)], "Sum(axis: 1)", x => x[0].Sum(1), x => Reduce(x[0], 1, 1.0)),
        ]),
        ["Mean"] = new(1,
        [
            new([(3, 2)], "Mean", x => x[0].Mean(), x => Reduce(x[0], -1, 1.0 / 6)),
            new([(3, 2)], "Mean(axis: 0)", x => x[0].Mean(0), x => Reduce(x[0], 0, 1.0 / 3)),
            new([(3, 2)], "Mean(axis: 1)", x => x[0].Mean(1), x => Reduce(x[0], 1, 1.0 / 2)),
        ]),
        ["Transpose"] = new(1,
        [
            new([(3, 2)], "Transpose", x => x[0].Transpose(), x =>
            {
                var (a, data) = (x[0], new double[6]);
                for (var i = 0; i < a.Rows; i++)
                    for (var j = 0; j < a.Columns; j++)
                        data[j * a.Rows + i] = a.Data[i * a.Columns + j];
                return new(a.Columns, a.Rows, data);
            }),
        ]),
        ["CrossEntropy"] = new(1,
        [
            new([(4, 3)], "CrossEntropy", x => Losses.CrossEntropy(x[0], [2, 0, 1, 2]), x =>
            {
                // −(1/n)·Σᵢ ln(e^zᵢ,tᵢ / Σⱼ e^zᵢⱼ), the definition without the max shift (inputs are small).
                int[] targets = [2, 0, 1, 2];
                var (z, total) = (x[0], 0.0);
                for (var i = 0; i < z.Rows; i++)
                {
                    var sum = 0.0;
                    for (var j = 0; j < z.Columns; j++)
                        sum += Math.Exp(z.Data[i * z.Columns + j]);
                    total -= Math.Log(Math.Exp(z.Data[i * z.Columns + targets[i]]) / sum);
                }
                return new(1, 1, [total / z.Rows]);
            }),
        ]),
    };

    private static Row Binary(string name, Func<Tensor, Tensor, Tensor> build, Func<double, double, double> f, double low = -2.0)
    {
        var variants = new Variant[s_broadcastShapes.Length];
        for (var v = 0; v < variants.Length; v++)
            variants[v] = new(s_broadcastShapes[v], name, x => build(x[0], x[1]), x => Broadcast(x[0], x[1], f));
        return new(2, variants, Low: low);
    }

    private static Row Unary(string name, Func<Tensor, Tensor> build, Func<double, double> f, double low = -2.0) =>
        new(1, [new([(3, 2)], name, x => build(x[0]), x => Map(x[0], f))], Low: low);

    private static Expected Map(Tensor a, Func<double, double> f)
    {
        var data = new double[a.Data.Length];
        for (var k = 0; k < data.Length; k++)
            data[k] = f(a.Data[k]);
        return new(a.Rows, a.Columns, data);
    }

    // PyTorch's broadcasting: each axis of the result is the longer one; an operand of length 1 on it is repeated.
    private static Expected Broadcast(Tensor a, Tensor b, Func<double, double, double> f)
    {
        var (rows, columns) = (Math.Max(a.Rows, b.Rows), Math.Max(a.Columns, b.Columns));
        var data = new double[rows * columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                data[i * columns + j] = f(At(a, i, j), At(b, i, j));
        return new(rows, columns, data);

        static double At(Tensor t, int i, int j) => t.Data[(t.Rows == 1 ? 0 : i) * t.Columns + (t.Columns == 1 ? 0 : j)];
    }

    private static Expected MatMulDefinition(Tensor[] x)
    {
        var (a, b) = (x[0], x[1]);
        var data = new double[a.Rows * b.Columns];
        for (var i = 0; i < a.Rows; i++)
            for (var j = 0; j < b.Columns; j++)
                for (var p = 0; p < a.Columns; p++)
                    data[i * b.Columns + j] += a.Data[i * a.Columns + p] * b.Data[p * b.Columns + j];
        return new(a.Rows, b.Columns, data);
    }

    // activation(x·W + b): the matrix product's definition, b added to every row.
    private static Expected LinearDefinition(Tensor[] x, Func<double, double> activation)
    {
        var product = MatMulDefinition(x);
        var data = product.Data;
        for (var k = 0; k < data.Length; k++)
            data[k] = activation(data[k] + x[2].Data[k % product.Columns]);
        return product;
    }

    // axis −1: every element to 1×1; 0: over the rows to 1×Columns; 1: over the columns to Rows×1. Then × scale.
    private static Expected Reduce(Tensor a, int axis, double scale)
    {
        var (rows, columns) = axis switch { -1 => (1, 1), 0 => (1, a.Columns), _ => (a.Rows, 1) };
        var data = new double[rows * columns];
        for (var i = 0; i < a.Rows; i++)
            for (var j = 0; j < a.Columns; j++)
                data[axis == -1 ? 0 : axis == 0 ? j : i] += a.Data[i * a.Columns + j];
        for (var k = 0; k < data.Length; k++)
            data[k] *= scale;
        return new(rows, columns, data);
    }

    public static TheoryData<string> OpNames()
    {
        var names = new TheoryData<string>();
        foreach (var op in Enum.GetValues<TensorOp>())
        {
            if (op != TensorOp.Leaf)
                names.Add(op.ToString());
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(OpNames))]
    public void Every_op_computes_its_definition_records_its_operands_and_passes_gradcheck(string name)
    {
        var code = Enum.Parse<TensorOp>(name);
        Assert.True(s_ops.TryGetValue(name, out var row), $"TensorOp.{name} has no row in TensorOpTests: add one (arity, variants).");
        Assert.Equal(row.Arity, Tensor.Arity(code));
        var random = new Random(10);
        foreach (var variant in row.Variants)
        {
            Assert.Equal(row.Arity, variant.Shapes.Length);
            var inputs = new Tensor[variant.Shapes.Length];
            for (var i = 0; i < inputs.Length; i++)
                inputs[i] = RandomTensor(random, variant.Shapes[i], row.Low, row.High);
            var node = variant.Build(inputs);
            var what = $"{variant.Name} on {string.Join(" and ", Array.ConvertAll(inputs, t => t.ToString()))}";

            Assert.Equal(code, node.Code);
            Assert.Equal(variant.Name, node.Op);
            Assert.False(node.IsLeaf);
            Assert.Equal(inputs, node.Children);
            var expected = variant.Forward(inputs);
            Assert.Equal((expected.Rows, expected.Columns), (node.Rows, node.Columns));
            for (var k = 0; k < expected.Data.Length; k++)
            {
                // Same definitions, possibly another rounding order (a mean as sum × 1/n, a softmax without the shift).
                Assert.True(Math.Abs(expected.Data[k] - node.Data[k]) <= 1e-14 * Math.Abs(expected.Data[k]) + 1e-15,
                    $"{what}: element {k} is {node.Data[k]:R}, its definition gives {expected.Data[k]:R}");
            }

            // A weighted sum of every output element, so each element's derivative counts in the check.
            var weights = RandomTensor(new Random(11), (node.Rows, node.Columns), -1.0, 1.0).Data;
            var report = GradCheck.Check(x =>
            {
                var output = variant.Build(x);
                return (output * new Tensor(output.Rows, output.Columns, weights)).Sum();
            }, inputs);
            Assert.True(report.Passed, $"{what}:\n{report}");
            Assert.Equal(inputs.Sum(t => t.Data.Length), report.Entries.Count);
        }
    }

    public static TheoryData<string> ScalarForms() => ["+", "-", "*", "/"];

    [Theory]
    [MemberData(nameof(ScalarForms))]
    public void A_double_on_either_side_is_a_1x1_constant_leaf(string symbol)
    {
        // Oracle: the same op with the number as an explicit 1×1 tensor (PyTorch treats a Python number as a
        // 0-dimensional tensor broadcast the same way), and GradCheck for the derivative.
        Func<Tensor, double, Tensor> right = symbol switch
        {
            "+" => (a, c) => a + c, "-" => (a, c) => a - c, "*" => (a, c) => a * c, _ => (a, c) => a / c,
        };
        Func<double, Tensor, Tensor> left = symbol switch
        {
            "+" => (c, a) => c + a, "-" => (c, a) => c - a, "*" => (c, a) => c * a, _ => (c, a) => c / a,
        };
        Func<Tensor, Tensor, Tensor> both = symbol switch
        {
            "+" => (a, b) => a + b, "-" => (a, b) => a - b, "*" => (a, b) => a * b, _ => (a, b) => a / b,
        };
        var x = RandomTensor(new Random(12), (3, 2), 0.5, 2.0);
        const double c = 1.75;

        var r = right(x, c);
        Assert.Equal(both(x, new Tensor(1, 1, [c])).Data, r.Data);
        Assert.Equal(2, r.Children.Count);
        Assert.Same(x, r.Children[0]);
        Assert.True(r.Children[1].IsLeaf);
        Assert.Equal([c], r.Children[1].Data);
        var l = left(c, x);
        Assert.Equal(both(new Tensor(1, 1, [c]), x).Data, l.Data);
        Assert.Same(x, l.Children[1]);

        Assert.True(GradCheck.Check(t => right(t[0], c).Sum(), [x]).Passed);
        Assert.True(GradCheck.Check(t => left(c, t[0]).Sum(), [x]).Passed);
    }

    [Fact]
    public void A_leaf_has_no_op_and_no_operands()
    {
        var leaf = new Tensor(2, 3, new double[6], "W");
        Assert.Equal("", leaf.Op);
        Assert.True(leaf.IsLeaf);
        Assert.Empty(leaf.Children);
        Assert.Equal(0, Tensor.Arity(TensorOp.Leaf));
        Assert.Equal("Tensor(2×3, 'W')", leaf.ToString());
        Assert.Equal("Tensor(2×2, MatMul)", leaf.MatMul(leaf.Transpose()).ToString());
    }

    /// <summary>A seeded tensor with elements in [low, high]; for an interval around 0, none in (−0.1, 0.1), so that
    /// ReLU's kink is never within a finite-difference step.</summary>
    internal static Tensor RandomTensor(Random random, (int Rows, int Columns) shape, double low, double high)
    {
        var data = new double[shape.Rows * shape.Columns];
        for (var k = 0; k < data.Length; k++)
        {
            do
                data[k] = low + (high - low) * random.NextDouble();
            while (Math.Abs(data[k]) < 0.1);
        }
        return new Tensor(shape.Rows, shape.Columns, data);
    }
}
