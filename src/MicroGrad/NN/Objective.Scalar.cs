namespace MicroGrad.NN;

// The scalar engine (ObjectiveEngine.Scalar): micrograd's graph of Values, one sample after another, replayed from a
// compiled graph for the full batch when UseCompiledGraph is set.
public sealed partial class Objective
{
    private Value[][]? _inputs;
    private CompiledGraph? _fullBatch;

    /// <summary>The inputs as constant leaves, one array per sample, made on first use.</summary>
    private Value[][] ScalarInputs()
    {
        if (_inputs is null)
        {
            var width = Model.InputCount;
            var inputs = new Value[Count][];
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = new Value[width];
                for (var j = 0; j < width; j++)
                    inputs[i][j] = new Value(_features[i * width + j]);
            }
            _inputs = inputs;
        }
        return _inputs;
    }

    private LossAndAccuracy ScalarGradients(ReadOnlySpan<int> rows)
    {
        var (loss, accuracy) = Build(rows);
        Model.ZeroGrad();
        if (double.IsFinite(loss.Data))
            loss.Backward();
        return new LossAndAccuracy(loss.Data, accuracy);
    }

    private LossAndAccuracy ReplayFullBatch()
    {
        if (_fullBatch is null)
        {
            var (graph, outputs, _) = BuildGraph(_allRows);
            var watched = new Value[outputs.Length * Model.OutputCount];
            for (var i = 0; i < outputs.Length; i++)
                outputs[i].CopyTo(watched, i * Model.OutputCount);
            _fullBatch = graph.Compile(watched);
        }
        var compiled = _fullBatch;
        var loss = compiled.Forward();
        Model.ZeroGrad();
        if (double.IsFinite(loss))
            compiled.Backward();
        var scores = new double[compiled.WatchedCount];
        for (var i = 0; i < scores.Length; i++)
            scores[i] = compiled.WatchedValue(i);
        return new LossAndAccuracy(loss, Fraction(Correct(scores, Model.OutputCount, _targets), Count));
    }

    private (Value Loss, Value[][] Outputs, double[] Targets) BuildGraph(ReadOnlySpan<int> rows)
    {
        CheckRows(rows);
        var inputs = ScalarInputs();
        var outputs = new Value[rows.Length][];
        var targets = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            outputs[i] = Model.ForwardUnchecked(inputs[rows[i]]);
            targets[i] = _targets[rows[i]];
        }
        var dataLoss = Loss switch
        {
            LossKind.Hinge => Losses.Hinge(FirstOutputs(outputs), targets),
            LossKind.BinaryCrossEntropy => Losses.BinaryCrossEntropyWithLogits(FirstOutputs(outputs), targets),
            LossKind.MeanSquaredError => Losses.MeanSquaredError(FirstOutputs(outputs), targets),
            _ => Losses.CrossEntropy(outputs, ToClasses(targets)),
        };
        var loss = L2 == 0 ? dataLoss : dataLoss + Losses.L2(Model.Parameters(), L2);
        return (loss, outputs, targets);
    }

    private static Value[] FirstOutputs(Value[][] outputs)
    {
        var first = new Value[outputs.Length];
        for (var i = 0; i < first.Length; i++)
            first[i] = outputs[i][0];
        return first;
    }
}
