using MicroGrad.NN;
using MicroGrad.Regression;

namespace MicroGrad.Tests.Engine;

/// <summary>The tensor engine's semantics beyond each op's formula (TensorOpTests): what Backward sets and accumulates,
/// the scopes, deep graphs and the messages of bad input.</summary>
public class TensorTests
{
    private static Tensor Matrix(string label, params double[] data) => new(2, 2, data, label);

    [Fact]
    public void The_constructor_keeps_the_callers_array_as_data()
    {
        double[] data = [1, 2, 3, 4, 5, 6];
        var t = new Tensor(2, 3, data);
        Assert.Same(data, t.Data);
        Assert.Equal((2, 3), (t.Rows, t.Columns));
        Assert.Equal(new double[6], t.Grad);
        data[4] = 50;
        Assert.Equal(50, t.Data[4]);
    }

    [Fact]
    public void A_leaf_that_skips_its_gradient_leaves_every_other_gradient_as_it_was()
    {
        // Objective's input batch: MatMul's backward computes no dA for it, Backward neither resets nor accumulates it.
        double[] a = [1, -2, 0.5, 3, 4, -1];
        double[] b = [0.25, -1, 2, 0.5, 1.5, -0.75];
        var plainB = new Tensor(3, 2, b);
        (new Tensor(2, 3, a).MatMul(plainB).Relu().Sum() * 2.0).Backward();
        var skipped = new Tensor(2, 3, a) { SkipsGradient = true };
        var skipB = new Tensor(3, 2, b);
        var loss = skipped.MatMul(skipB).Relu().Sum() * 2.0;
        loss.Backward();
        loss.Backward();
        Assert.Equal(plainB.Grad.Select(g => 2 * g), skipB.Grad);
        Assert.Equal(new double[6], skipped.Grad);
    }

    [Fact]
    public void Backward_twice_doubles_leaf_gradients_and_sets_interior_ones()
    {
        // Hand calculation: loss = Σ (x·y)ᵢⱼ with y = [[1, 2], [3, 4]]: d/dx[i, p] = Σⱼ y[p, j] = [3, 7] per row.
        var x = Matrix("x", 1, -1, 0.5, 2);
        var y = Matrix("y", 1, 2, 3, 4);
        var product = x.MatMul(y);
        var loss = product.Sum();
        loss.Backward();
        Assert.Equal([3.0, 7.0, 3.0, 7.0], x.Grad);
        Assert.Equal([1.0, 1.0, 1.0, 1.0], product.Grad);

        loss.Backward();
        Assert.Equal([6.0, 14.0, 6.0, 14.0], x.Grad);   // leaves accumulate, as in PyTorch
        Assert.Equal([1.0, 1.0, 1.0, 1.0], product.Grad);   // interior gradients are set, not accumulated
        Assert.Equal([1.0], loss.Grad);
    }

    [Fact]
    public void Backward_from_a_1x1_leaf_adds_one_to_its_gradient()
    {
        // d(x)/d(x) = 1, accumulated like any leaf's (PyTorch: x.backward() twice on a leaf gives x.grad = 2).
        var x = new Tensor(1, 1, [3.5]);
        x.Backward();
        x.Backward();
        Assert.Equal([2.0], x.Grad);
    }

    [Fact]
    public void An_operand_used_twice_gets_both_contributions()
    {
        // d/dx Σ x·x = 2x (PyTorch: (x * x).sum().backward() gives 2x).
        var x = Matrix("x", 1, -2, 3, 0.5);
        (x * x).Sum().Backward();
        Assert.Equal([2.0, -4.0, 6.0, 1.0], x.Grad);
    }

    [Fact]
    public void Broadcast_backward_sums_the_gradient_over_the_repeated_rows()
    {
        // PyTorch: (x + b).sum() with x 3×2 and b 1×2 gives b.grad = [3, 3]; (b * x).sum() gives the column sums of x.
        var x = new Tensor(3, 2, [1, 2, 3, 4, 5, 6]);
        var b = new Tensor(1, 2, [10, 20]);
        (x + b).Sum().Backward();
        Assert.Equal([3.0, 3.0], b.Grad);
        Array.Clear(b.Grad);
        (b * x).Sum().Backward();
        Assert.Equal([9.0, 12.0], b.Grad);
    }

    [Fact]
    public void NoGrad_computes_data_and_records_nothing()
    {
        var x = Matrix("x", 1, 2, 3, 4);
        Tensor y;
        using (Value.NoGrad())
            y = (x * 2.0).Exp().MatMul(x);
        Assert.True(y.IsLeaf);
        Assert.Empty(y.Children);
        Assert.Equal("", y.Op);
        // Same data as with the graph recorded.
        Assert.Equal((x * 2.0).Exp().MatMul(x).Data, y.Data);
        y.Sum().Backward();
        Assert.Equal(new double[4], x.Grad);
    }

    [Fact]
    public void Anomaly_mode_names_the_op_and_the_row_and_column_of_a_bad_forward_element()
    {
        var x = new Tensor(2, 3, [1, 2, 3, 4, -5, 6], "x");
        using var scope = Value.DetectAnomaly();
        var e = Assert.Throws<ArithmeticException>(() => x.Log());
        Assert.Equal("Anomaly detected in forward: op 'Log' on 'x' (2×3) gave nan at row 1, column 1 of its 2×3 result.", e.Message);
    }

    [Fact]
    public void Anomaly_mode_names_the_op_and_the_row_and_column_of_a_bad_gradient_and_restores_the_leaves()
    {
        // d√x/dx = 1/(2√x) is +∞ at x = 0 (IEEE 754; PyTorch's detect_anomaly raises on it too).
        var x = new Tensor(1, 3, [4, 1, 0], "x");
        x.Grad[0] = 7;
        var loss = x.Pow(0.5).Sum();
        using var scope = Value.DetectAnomaly();
        var e = Assert.Throws<ArithmeticException>(loss.Backward);
        Assert.Equal("Anomaly detected in backward: op 'Pow(0.5)' (1×3 result) sent a non-finite gradient, inf, to 'x' (1×3) at row 0, column 2.", e.Message);
        Assert.Equal([7.0, 0.0, 0.0], x.Grad);
    }

    [Fact]
    public void Outside_anomaly_mode_nan_propagates()
    {
        var x = new Tensor(1, 2, [-1, 1]);
        Assert.True(double.IsNaN(x.Log().Sum().Data[0]));
    }

    [Fact]
    public void A_chain_of_ten_thousand_adds_back_propagates_on_a_small_stack()
    {
        // d/dx (x + x + … + x), 10,001 terms, is 10,001 per element. The walk is iterative: it must run on a 256 KiB
        // stack, where a recursive walk of 10,000 frames would overflow.
        Tensor? x = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                x = new Tensor(1, 2, [0.5, -1]);
                var y = x;
                for (var i = 0; i < 10_000; i++)
                    y += x;
                y.Sum().Backward();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.Equal([10_001.0, 10_001.0], x!.Grad);
    }

    [Fact]
    public void Backward_on_a_tensor_that_is_not_1x1_says_to_reduce_it()
    {
        var e = Assert.Throws<InvalidOperationException>(Matrix("h", 1, 2, 3, 4).Backward);
        Assert.Equal("Backward() starts from a 1×1 tensor (a scalar loss); 'h' (2×2) is 2×2. Reduce it first, e.g. with Sum() or Mean().", e.Message);
    }

    [Fact]
    public void Shape_mismatches_name_the_op_and_both_shapes()
    {
        var x = new Tensor(20000, 10, new double[200_000]);
        var w = new Tensor(32, 32, new double[1024]);
        var e = Assert.Throws<ArgumentException>(() => x.MatMul(w));
        Assert.StartsWith("MatMul: 20000×10 by 32×32 (the left operand's 10 columns must equal the right operand's 32 rows).", e.Message, StringComparison.Ordinal);

        var a = new Tensor(3, 2, new double[6]);
        var b = new Tensor(2, 2, new double[4]);
        e = Assert.Throws<ArgumentException>(() => a + b);
        Assert.StartsWith("Add: 3×2 and 2×2 (elementwise operands need equal shapes, or a 1-row (1-column) operand", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => b / new Tensor(1, 3, new double[3]));
        Assert.StartsWith("Div: 2×2 and 1×3 (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_too_large_to_allocate_is_refused_before_allocating_naming_the_shapes()
    {
        // 50,000 × 50,000 = 2.5·10⁹ elements: more than an array holds (Array.MaxLength), whatever the memory; the
        // product rows × columns also overflows a 32-bit int, which must not wrap into a smaller allocation.
        var column = new Tensor(50_000, 1, new double[50_000]);
        var row = new Tensor(1, 50_000, new double[50_000]);
        var e = Assert.Throws<ArgumentException>(() => column - row);
        Assert.StartsWith("Sub: 50000×1 and 1×50000 make a 50000×50000 tensor (2,500,000,000 elements, 18.6 GB), more than this process can allocate",
            e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => column.MatMul(row));
        Assert.StartsWith("MatMul: 50000×1 by 1×50000 make a 50000×50000 tensor", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, e.Message);
    }

    [Fact]
    public void Bad_constructor_arguments_say_what_was_expected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Tensor(2, 3, new double[5]));
        Assert.StartsWith("Expected 6 elements (rows × columns, row-major) for a 2×3 tensor; got 5.", e.Message, StringComparison.Ordinal);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => new Tensor(0, 3, [])).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => new Tensor(1, -1, [])).ParamName);
        Assert.Throws<ArgumentNullException>(() => new Tensor(1, 1, null!));
        Assert.Throws<ArgumentNullException>(() => Matrix("x", 1, 2, 3, 4).MatMul(null!));
        Assert.Throws<ArgumentNullException>(() => Matrix("x", 1, 2, 3, 4) + (Tensor)null!);
        Assert.Equal("axis", Assert.Throws<ArgumentOutOfRangeException>(() => Matrix("x", 1, 2, 3, 4).Sum(2)).ParamName);
    }

    [Fact]
    public void Cross_entropy_names_a_bad_targets_row_and_the_class_count()
    {
        var logits = new Tensor(3, 4, new double[12]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy(logits, [0, 4, 1]));
        Assert.Equal("targets", e.ParamName);
        Assert.StartsWith("Expected a class index in [0, 4) at row 1 (4 classes, one per column of the logits); got 4.", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropy(logits, [0, 1, -1]));

        var count = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(logits, [0, 1]));
        Assert.StartsWith("Expected 3 targets (one per row of logits); got 2.", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_entropy_is_stable_for_huge_logits()
    {
        // Oracle: torch.nn.functional.cross_entropy([[1000, 0], [0, -1000]], [0, 1]) = (0 + 1000)/2 = 500 in float64;
        // the gradient is (softmax − onehot)/2 = [[0, 0], [0.5, −0.5]].
        var logits = new Tensor(2, 2, [1000, 0, 0, -1000]);
        var loss = Losses.CrossEntropy(logits, [0, 1]);
        loss.Backward();
        Assert.Equal([500.0], loss.Data);
        Assert.Equal([0.0, 0.0, 0.5, -0.5], logits.Grad);
    }

    [Fact]
    public void Gradcheck_for_tensors_reports_every_element_and_leaves_the_inputs_alone()
    {
        var w = new Tensor(2, 2, [0.5, -1, 2, 0.25], "W");
        var x = new Tensor(1, 2, [1, 3]);
        var report = GradCheck.Check(t => t[1].MatMul(t[0]).Tanh().Sum(), [w, x]);
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(["W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "x1[0,0]", "x1[0,1]"], report.Entries.Select(e => e.Label));
        Assert.Equal([0.5, -1, 2, 0.25], w.Data);
        Assert.Equal(new double[4], w.Grad);
        Assert.Throws<InvalidOperationException>(() => GradCheck.Check(t => t[0], [w]));
        // No input: nothing would be checked, so it is refused rather than passed.
        var none = Assert.Throws<ArgumentException>(() => GradCheck.Check(t => new Tensor(1, 1, [0.0]), Array.Empty<Tensor>()));
        Assert.Contains("input tensor to check", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_regression_exercise_through_autograd_gives_its_derivative_and_trained_weights()
    {
        // Oracle: LinearRegressionExercise (itself checked against numpy): the MSE's gradient by Backward() is
        // GetDerivative for every weight, and ten steps of w −= 0.01·grad are TrainModel's weights before rounding.
        double[][] rows = [[1, 2, 3], [1, 1, 1]];
        double[] y = [6, 3];
        var x = new Tensor(2, 3, [1, 2, 3, 1, 1, 1], "X");
        var target = new Tensor(2, 1, y, "y");
        var w = new Tensor(3, 1, [0.2, 0.1, 0.6], "w");

        var prediction = x.MatMul(w);
        (prediction - target).Pow(2).Mean().Backward();
        for (var j = 0; j < 3; j++)
            Assert.Equal(LinearRegressionExercise.GetDerivative(prediction.Data, y, 2, rows, j), w.Grad[j], 1e-12);

        w = new Tensor(3, 1, [0.2, 0.1, 0.6], "w");
        for (var step = 0; step < 10; step++)
        {
            Array.Clear(w.Grad);
            (x.MatMul(w) - target).Pow(2).Mean().Backward();
            for (var j = 0; j < 3; j++)
                w.Data[j] -= LinearRegressionExercise.LearningRate * w.Grad[j];
        }
        var expected = LinearRegressionExercise.TrainUnrounded(rows, y, 10, [0.2, 0.1, 0.6], LinearRegressionExercise.LearningRate);
        for (var j = 0; j < 3; j++)
            Assert.Equal(expected[j], w.Data[j], 1e-12);
        Assert.Equal(LinearRegressionExercise.TrainModel(rows, y, 10, [0.2, 0.1, 0.6]), Array.ConvertAll(w.Data, LinearRegressionExercise.Round));
    }
}
