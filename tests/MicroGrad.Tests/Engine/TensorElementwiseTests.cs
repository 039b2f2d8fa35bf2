namespace MicroGrad.Tests.Engine;

/// <summary>
/// The elementwise kernels (Tensor.Elementwise.cs: loops specialised per op and per broadcast shape, ReLU and addition
/// on vectors) against their oracle, bit for bit: Value's own formulas, <c>Value.Evaluate</c> forward and
/// <c>Value.Propagate</c> backward, applied per element in row-major order, on inputs that include NaN, ±∞, ±0.0,
/// subnormals and huge values, in lengths that leave a vector tail. Under <c>MICROGRAD_SIMD=0</c> the same tests check
/// the scalar loops.
/// </summary>
public class TensorElementwiseTests
{
    private static readonly double[] s_special =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, -double.Epsilon,
        1e-300, -1e-300, 1.0, -1.0, 0.5, -2.5, 3.0, 700.0, -700.0, 1e308, -1e308, 2.0, -0.75, 1e-5,
    ];

    public static TheoryData<string> UnaryOps() => ["Neg", "Pow(3)", "Pow(0.5)", "Pow(-1)", "Pow(0)", "Exp", "Log", "Tanh", "Relu", "Sigmoid", "Softplus"];

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void A_unary_op_gives_Values_bits_forward_and_backward(string name)
    {
        // 3×7 = 21 elements: five Vector256 groups and a tail of one.
        var x = new Tensor(3, 7, (double[])s_special.Clone());
        var (code, exponent, build) = Unary(name);
        var output = build(x);
        var upstream = Upstream(21);
        (output * new Tensor(3, 7, upstream)).Sum().Backward();

        // Oracle: Value's formulas per element, given the node's gradient (upstream·1, as Mul and Sum send it).
        var expectedData = new double[21];
        var expectedGrad = new double[21];
        for (var k = 0; k < 21; k++)
        {
            expectedData[k] = Value.Evaluate(code, s_special[k], exponent);
            var share = 0.0;
            Value.Propagate(code, s_special[k], exponent, expectedData[k], output.Grad[k], ref share, ref share);
            expectedGrad[k] = 0.0 + share; // a leaf's gradient: 0.0 + its sum
        }
        TensorMatMulTests.AssertBits(expectedData, output.Data, name + " forward");
        TensorMatMulTests.AssertBits(expectedGrad, x.Grad, name + " backward");
    }

    [Fact]
    public void Relu_keeps_nan_maps_both_zeros_and_negative_infinity_to_plus_zero()
    {
        // Oracle: PyTorch's relu (NaN stays NaN, relu(−0.0) = 0.0, relu(−∞) = 0, relu(+∞) = +∞) and Value.Relu.
        var x = new Tensor(1, 9, [double.NaN, -0.0, 0.0, double.NegativeInfinity, double.PositiveInfinity, -1, 1, -0.0, 2]);
        var y = x.Relu();
        Assert.True(double.IsNaN(y.Data[0]));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(y.Data[1]));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(y.Data[2]));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(y.Data[3]));
        Assert.Equal(double.PositiveInfinity, y.Data[4]);
        Assert.Equal([0.0, 1.0, 0.0, 2.0], y.Data[5..]);
        y.Sum().Backward();
        // Gradient 1 where the output is positive, 0 elsewhere (at 0 and for NaN too, as PyTorch's threshold_backward).
        Assert.Equal([0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0], x.Grad);
    }

    public static TheoryData<string, int, int, int, int> BinaryCases()
    {
        var data = new TheoryData<string, int, int, int, int>();
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div" })
        {
            // Equal shapes, a bias row on either side, 1×1 on either side, a column, both broadcast.
            foreach (var (ar, ac, br, bc) in new[] { (3, 7, 3, 7), (3, 7, 1, 7), (1, 7, 3, 7), (3, 7, 1, 1), (1, 1, 3, 7), (3, 7, 3, 1), (1, 7, 3, 1) })
                data.Add(op, ar, ac, br, bc);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void A_binary_op_gives_Values_bits_forward_and_backward_for_every_broadcast(string name, int ar, int ac, int br, int bc)
    {
        var a = new Tensor(ar, ac, Take(s_special, ar * ac, 0));
        var b = new Tensor(br, bc, Take(s_special, br * bc, 5));
        var code = Enum.Parse<OpCode>(name);
        var output = name switch { "Add" => a + b, "Sub" => a - b, "Mul" => a * b, _ => a / b };
        var (rows, columns) = (output.Rows, output.Columns);
        var upstream = Upstream(rows * columns);
        (output * new Tensor(rows, columns, upstream)).Sum().Backward();

        // Oracle: Value's formulas per element in row-major order, a broadcast operand's element repeated (PyTorch).
        var expectedData = new double[rows * columns];
        var (ga, gb) = (new double[a.Data.Length], new double[b.Data.Length]);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var (ia, ib, k) = (Index(a, i, j), Index(b, i, j), i * columns + j);
                expectedData[k] = Value.Evaluate(code, a.Data[ia], b.Data[ib]);
                Value.Propagate(code, a.Data[ia], b.Data[ib], expectedData[k], output.Grad[k], ref ga[ia], ref gb[ib]);
            }
        }
        var what = $"{name} {a.Shape} and {b.Shape}";
        TensorMatMulTests.AssertBits(expectedData, output.Data, what + " forward");
        TensorMatMulTests.AssertBits(Array.ConvertAll(ga, g => 0.0 + g), a.Grad, what + " left gradient");
        TensorMatMulTests.AssertBits(Array.ConvertAll(gb, g => 0.0 + g), b.Grad, what + " right gradient");
    }

    [Fact]
    public void An_operand_on_both_sides_of_an_add_gets_both_shares()
    {
        // Oracle: Value.Propagate for Add with both slots the same element: (0 + g) + g.
        var x = new Tensor(2, 5, Take(s_special, 10, 3));
        var sum = x + x;
        (sum * new Tensor(2, 5, Upstream(10))).Sum().Backward();
        var expected = new double[10];
        for (var k = 0; k < 10; k++)
        {
            var share = 0.0;
            Value.Propagate(OpCode.Add, x.Data[k], x.Data[k], sum.Data[k], sum.Grad[k], ref share, ref share);
            expected[k] = 0.0 + share;
        }
        TensorMatMulTests.AssertBits(expected, x.Grad, "x + x");
    }

    private static (OpCode Code, double Exponent, Func<Tensor, Tensor> Build) Unary(string name) => name switch
    {
        "Neg" => (OpCode.Neg, 0.0, t => -t),
        "Pow(3)" => (OpCode.PowConst, 3.0, t => t.Pow(3)),
        "Pow(0.5)" => (OpCode.PowConst, 0.5, t => t.Pow(0.5)),
        "Pow(-1)" => (OpCode.PowConst, -1.0, t => t.Pow(-1)),
        "Pow(0)" => (OpCode.PowConst, 0.0, t => t.Pow(0)),
        "Exp" => (OpCode.Exp, 0.0, t => t.Exp()),
        "Log" => (OpCode.Log, 0.0, t => t.Log()),
        "Tanh" => (OpCode.Tanh, 0.0, t => t.Tanh()),
        "Relu" => (OpCode.Relu, 0.0, t => t.Relu()),
        "Sigmoid" => (OpCode.Sigmoid, 0.0, t => t.Sigmoid()),
        _ => (OpCode.Softplus, 0.0, t => t.Softplus()),
    };

    // Upstream gradients: ordinary values and a few special ones (NaN, ±∞, −0.0), seeded.
    private static double[] Upstream(int count)
    {
        var rng = new Rng(21);
        var values = new double[count];
        for (var k = 0; k < count; k++)
            values[k] = k % 7 == 3 ? s_special[k % s_special.Length] : rng.Normal();
        return values;
    }

    private static double[] Take(double[] source, int count, int start)
    {
        var values = new double[count];
        for (var k = 0; k < count; k++)
            values[k] = source[(start + k) % source.Length];
        return values;
    }

    private static int Index(Tensor t, int i, int j) => (t.Rows == 1 ? 0 : i) * t.Columns + (t.Columns == 1 ? 0 : j);
}
