namespace MicroGrad.NN;

// The tensor engine (ObjectiveEngine.Tensor, the default): the batch's rows as one n×InputCount matrix through
// Mlp.Forward(Tensor) and the tensor losses. The parameters stay Values: each step gathers them into W and b tensors
// (ParameterTensors, the same ones every step), and Backward adds the tensors' gradients into the Values (W and b stand
// for them), which the optimizers update.
//
// Memory: a step builds the same graph as the last one, so it builds it inside a TensorWorkspace's scope and its
// nodes reuse the last step's arrays; the full batch reads the features and targets in place (checked and converted
// once, by the constructor), and a mini-batch gathers its rows into reused buffers. A step then allocates a few small
// objects per layer (the nodes, the traversal's lists), whatever its number of rows.
public sealed partial class Objective
{
    /// <summary>Rows per pass of <see cref="Measure()"/> over more rows than this: a pass over a million rows at once
    /// would hold a million-row matrix per node (256 MB for a width of 32).</summary>
    internal const int MeasureChunkRows = 8192;

    private readonly TensorWorkspace _stepWorkspace = new();
    private readonly TensorWorkspace _measureWorkspace = new();
    // The last, shorter pass of a measure in passes has buffers of its own: in the passes' workspace its lengths would
    // replace the full passes' buffers at every measure.
    private readonly TensorWorkspace _measureTailWorkspace = new();
    private ParameterTensors? _parameterTensors;
    private int[] _batchClasses = [];

    /// <summary>The model's W and b, gathered from the parameters' current values into the tensors every step uses.</summary>
    private ParameterTensors GatherParameters()
    {
        if (_parameterTensors is null)
            return _parameterTensors = new ParameterTensors(Model);
        _parameterTensors.Gather();
        return _parameterTensors;
    }

    private LossAndAccuracy TensorGradients(ReadOnlySpan<int> rows, bool allRows)
    {
        if (!allRows)
            CheckRows(rows);
        var parameters = GatherParameters();
        using (_stepWorkspace.Begin())
        {
            var (dataLoss, correct) = TensorDataLoss(rows, allRows);
            var loss = L2 == 0 ? dataLoss : dataLoss + Losses.L2(parameters.All, L2);
            Model.ZeroGrad();
            var result = new LossAndAccuracy(loss.Data[0], Fraction(correct, rows.Length));
            if (double.IsFinite(result.Loss))
            {
                parameters.ZeroGradients();
                loss.Backward();                        // W and b add their gradients into the Values
            }
            return result;
        }
    }

    /// <summary>The loss and accuracy over <paramref name="rows"/> without a graph, in passes of at most
    /// <see cref="MeasureChunkRows"/> rows: the data loss is then the mean of the passes' means weighted by their rows
    /// (the same to rounding as one pass), and the L2 term is added once.</summary>
    private LossAndAccuracy TensorMeasure(ReadOnlySpan<int> rows, bool allRows)
    {
        if (!allRows)
            CheckRows(rows);
        var parameters = GatherParameters();
        using (Value.NoGrad())
        {
            if (rows.Length <= MeasureChunkRows)
            {
                using (_measureWorkspace.Begin())
                {
                    var (loss, c) = TensorDataLoss(rows, allRows);
                    // One pass adds the L2 term as a step does, so that a measure and a step agree to the bit.
                    var total = L2 == 0 ? loss : loss + Losses.L2(parameters.All, L2);
                    return new LossAndAccuracy(total.Data[0], Fraction(c, rows.Length));
                }
            }
            var (sum, correct) = (0.0, 0);
            for (var start = 0; start < rows.Length; start += MeasureChunkRows)
            {
                var chunk = rows.Slice(start, Math.Min(MeasureChunkRows, rows.Length - start));
                using ((chunk.Length == MeasureChunkRows ? _measureWorkspace : _measureTailWorkspace).Begin())
                {
                    var (loss, c) = TensorDataLoss(chunk, allRows: false);
                    sum += loss.Data[0] * chunk.Length;
                    correct += c;
                }
            }
            var l2 = L2 == 0 ? 0.0 : Losses.L2(parameters.All, L2).Data[0];
            return new LossAndAccuracy(sum / rows.Length + l2, Fraction(correct, rows.Length));
        }
    }

    /// <summary>The data loss over <paramref name="rows"/> (a 1×1 tensor) through the gathered parameters, and how
    /// many rows the model classifies right. <paramref name="allRows"/>: every row in order, read in place.</summary>
    private (Tensor Loss, int Correct) TensorDataLoss(ReadOnlySpan<int> rows, bool allRows)
    {
        var width = Model.InputCount;
        var n = rows.Length;
        Tensor x, y;
        int[] classes;
        if (allRows)
        {
            // The objective's own arrays: MatMul reads X, Mul and Sub read y, nothing writes into them.
            x = Tensor.StepLeaf(n, width, _features, "X", skipsGradient: true);
            y = Tensor.StepLeaf(n, 1, _targets);
            classes = _classes;
        }
        else
        {
            x = Tensor.StepLeaf(n, width, null, "X", skipsGradient: true);
            y = Tensor.StepLeaf(n, 1, null);
            var (xs, ys) = (x.Data, y.Data);
            for (var i = 0; i < n; i++)
            {
                _features.AsSpan(rows[i] * width, width).CopyTo(xs.AsSpan(i * width));
                ys[i] = _targets[rows[i]];
            }
            classes = _classes;
            if (Loss == LossKind.CrossEntropy)
            {
                if (_batchClasses.Length != n)
                    _batchClasses = new int[n];
                for (var i = 0; i < n; i++)
                    _batchClasses[i] = _classes[rows[i]];
                classes = _batchClasses;
            }
        }
        // The inputs' gradient is never read: SkipsGradient spares the first layer's dX and its buffers.
        var outputs = Model.Forward(x, _parameterTensors!);
        var loss = Loss switch
        {
            LossKind.Hinge => Losses.Hinge(outputs, y),
            LossKind.BinaryCrossEntropy => Losses.BinaryCrossEntropyWithLogits(outputs, y),
            LossKind.MeanSquaredError => Losses.MeanSquaredError(outputs, y),
            _ => Tensor.CrossEntropyUnchecked(outputs, classes),
        };
        return (loss, Correct(outputs.Data.AsSpan(0, n * outputs.Columns), outputs.Columns, y.Data.AsSpan(0, n)));
    }
}
