namespace MicroGrad.NN;

// The tensor engine (ObjectiveEngine.Tensor, the default): the batch's rows as one n×InputCount matrix through
// Mlp.Forward(Tensor) and the tensor losses. The parameters stay Values: each step gathers them into W and b tensors
// (ParameterTensors) and, after Backward, adds the tensors' gradients into the Values, which the optimizers update.
public sealed partial class Objective
{
    private LossAndAccuracy TensorGradients(ReadOnlySpan<int> rows)
    {
        var parameters = new ParameterTensors(Model);
        var (loss, result) = TensorLoss(rows, parameters);
        Model.ZeroGrad();
        if (double.IsFinite(result.Loss))
        {
            loss.Backward();
            parameters.AddGradientsToValues();
        }
        return result;
    }

    /// <summary>The loss over <paramref name="rows"/> (a 1×1 tensor) through <paramref name="parameters"/>, and its value
    /// with the accuracy.</summary>
    private (Tensor Loss, LossAndAccuracy Result) TensorLoss(ReadOnlySpan<int> rows, ParameterTensors parameters)
    {
        CheckRows(rows);
        var width = Model.InputCount;
        var x = new double[rows.Length * width];
        var targets = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            _features.AsSpan(rows[i] * width, width).CopyTo(x.AsSpan(i * width));
            targets[i] = _targets[rows[i]];
        }
        // The inputs' gradient is never read: SkipsGradient spares the first layer's dX and its buffers.
        var outputs = Model.Forward(new Tensor(rows.Length, width, x, "X") { SkipsGradient = true }, parameters);
        var dataLoss = Loss switch
        {
            LossKind.Hinge => Losses.Hinge(outputs, targets),
            LossKind.BinaryCrossEntropy => Losses.BinaryCrossEntropyWithLogits(outputs, targets),
            LossKind.MeanSquaredError => Losses.MeanSquaredError(outputs, targets),
            _ => Losses.CrossEntropy(outputs, ToClasses(targets)),
        };
        var loss = L2 == 0 ? dataLoss : dataLoss + Losses.L2(parameters.All, L2);
        var columns = outputs.Columns;
        var accuracy = Accuracy(rows.Length, columns, (i, j) => outputs.Data[i * columns + j], targets);
        return (loss, new LossAndAccuracy(loss.Data[0], accuracy));
    }
}
