using MicroGrad.Data;

namespace MicroGrad.NN;

/// <summary>Which loss an <see cref="Objective"/> applies to the model's outputs.</summary>
public enum LossKind
{
    /// <summary><see cref="Losses.Hinge(IReadOnlyList{Value}, IReadOnlyList{double})"/>: one output (a score), targets −1 or 1; accuracy counts <c>sign(score) = y</c>.</summary>
    Hinge,

    /// <summary><see cref="Losses.MeanSquaredError(IReadOnlyList{Value}, IReadOnlyList{double})"/>: one output, real targets; accuracy is NaN (regression).</summary>
    MeanSquaredError,

    /// <summary><see cref="Losses.BinaryCrossEntropyWithLogits(IReadOnlyList{Value}, IReadOnlyList{double})"/>: one output (a logit), targets 0 or 1; accuracy counts
    /// <c>(logit &gt; 0) = (y ≥ 0.5)</c>.</summary>
    BinaryCrossEntropy,

    /// <summary><see cref="Losses.CrossEntropy(IReadOnlyList{IReadOnlyList{Value}}, IReadOnlyList{int})"/>: one output per
    /// class, targets the class index; accuracy counts <c>argmax = target</c>.</summary>
    CrossEntropy,
}

/// <summary>Which engine an <see cref="Objective"/> computes with; both give the same loss and gradients, to rounding.</summary>
public enum ObjectiveEngine
{
    /// <summary>The batch's rows as one matrix through <see cref="Mlp.Forward(Tensor)"/> and the tensor losses (the
    /// default: one graph of a few nodes per layer, whatever the batch size).</summary>
    Tensor,

    /// <summary>micrograd's graph of <see cref="Value"/>s, sample by sample: the lecture's engine and the reference
    /// (with <see cref="Objective.UseCompiledGraph"/>, compiled once and replayed for the full batch).</summary>
    Scalar,
}

/// <summary>The loss and the accuracy of a model on some rows (accuracy is NaN for regression).</summary>
/// <param name="Loss">The loss, regularisation included.</param>
/// <param name="Accuracy">The fraction of rows classified correctly, or NaN.</param>
public readonly record struct LossAndAccuracy(double Loss, double Accuracy);

/// <summary>
/// What training minimises: a model, its data, a <see cref="LossKind"/> and an optional L2 term, i.e.
/// <c>loss(rows) = mean over rows of the sample loss + α·Σ p²</c> (micrograd's demo: <see cref="LossKind.Hinge"/>,
/// α = 1e-4). <see cref="Trainer"/> calls <see cref="ComputeGradients()"/> (the full batch) or
/// <see cref="ComputeGradients(ReadOnlySpan{int})"/> (a mini-batch) once per step.
/// </summary>
/// <remarks>
/// <para>Two engines compute the same loss and gradients (<see cref="Engine"/>). <see cref="ObjectiveEngine.Tensor"/>,
/// the default, runs the batch's rows as one matrix through <see cref="Mlp.Forward(Tensor)"/> and the tensor losses
/// (Objective.Tensor.cs). <see cref="ObjectiveEngine.Scalar"/> builds micrograd's graph of <see cref="Value"/>s, one
/// sample after another (Objective.Scalar.cs): the lecture's engine and the reference.</para>
/// <para>Under the scalar engine, a full-batch step (<see cref="ComputeGradients()"/>) builds the same graph every time
/// (every loss in <see cref="Losses"/> is written with ops only, without a C# branch on the data), so by default it is
/// built once, compiled (<see cref="Value.Compile(IReadOnlyList{Value})"/>) and replayed, which gives bit-identical
/// losses and gradients without building a graph per step. A batch of rows changes the graph's shape and is built
/// every step. Set <see cref="UseCompiledGraph"/> to false to build every step always.</para>
/// <para>Under the tensor engine, a step reuses the previous step's arrays (each node's data and gradient), so a step
/// allocates a few small objects per layer whatever its number of rows; the objective then holds one step's worth of
/// arrays between steps. As a model, an objective is used by one thread at a time.</para>
/// </remarks>
public sealed partial class Objective
{
    // The inputs row-major (sample i's features at i·InputCount), as the tensor engine reads them; the scalar engine
    // wraps them as constant leaves on first use (ScalarInputs).
    private readonly double[] _features;
    private readonly double[] _targets;
    // Cross-entropy's targets as class indices, converted once (empty for the other losses).
    private readonly int[] _classes = [];
    private readonly int[] _allRows;

    /// <summary>The features and targets of <paramref name="data"/>. A classification's classes become the loss's
    /// targets: ±1 (<see cref="Dataset.SignedLabels"/>) for <see cref="LossKind.Hinge"/>, the class index
    /// (<see cref="Dataset.Target"/>) otherwise.</summary>
    /// <param name="model">The network.</param>
    /// <param name="data">The rows, each of <see cref="Mlp.InputCount"/> features, and their targets.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="l2">α of the L2 term (0 for none).</param>
    /// <exception cref="ArgumentException">As for the constructor over rows.</exception>
    /// <exception cref="InvalidOperationException">A hinge loss on a classification of more than two classes.</exception>
    public Objective(Mlp model, Dataset data, LossKind loss, double l2 = 0.0)
        : this(model, NotNull(data).Features, TargetsFor(data, loss), loss, l2)
    {
    }

    /// <summary>Validates the data against the model and the loss and keeps a copy of it.</summary>
    /// <param name="model">The network.</param>
    /// <param name="inputs">One row per sample, each of <see cref="Mlp.InputCount"/> finite numbers.</param>
    /// <param name="targets">One target per sample, as <paramref name="loss"/> expects (see <see cref="LossKind"/>).</param>
    /// <param name="loss">The loss.</param>
    /// <param name="l2">α of the L2 term (0 for none).</param>
    /// <exception cref="ArgumentException">The data set is empty, counts or widths differ, a value is NaN or ±∞, a
    /// target is not a valid label for the loss, or the model's output width does not suit the loss.</exception>
    public Objective(Mlp model, IReadOnlyList<IReadOnlyList<double>> inputs, IReadOnlyList<double> targets, LossKind loss, double l2 = 0.0)
        : this(model, inputs, targets, loss, l2, inputScaling: null)
    {
    }

    /// <summary>As the constructor over rows, standardising each row with <paramref name="inputScaling"/> as it is
    /// copied: the same numbers as passing <c>inputScaling.Apply(rows)</c>, without that second copy of the data (a
    /// million rows of 10 features is 110 MB as arrays).</summary>
    /// <param name="model">The network.</param>
    /// <param name="inputs">One row per sample, each of <see cref="Mlp.InputCount"/> finite numbers (before scaling).</param>
    /// <param name="targets">One target per sample, as <paramref name="loss"/> expects (see <see cref="LossKind"/>).</param>
    /// <param name="loss">The loss.</param>
    /// <param name="l2">α of the L2 term (0 for none).</param>
    /// <param name="inputScaling">Applied to every row (<see cref="Scaling.Apply(IReadOnlyList{double})"/>); null for
    /// none.</param>
    /// <exception cref="ArgumentException">As for the constructor over rows; also a scaled value that is NaN or ±∞,
    /// or a scaling whose width is not <see cref="Mlp.InputCount"/>.</exception>
    public Objective(Mlp model, IReadOnlyList<IReadOnlyList<double>> inputs, IReadOnlyList<double> targets, LossKind loss, double l2,
        Scaling? inputScaling)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count == 0)
            MicroGradThrow.Argument_EmptyDataSet(nameof(inputs), "sample");
        if (targets.Count != inputs.Count)
            MicroGradThrow.Argument_CountMismatch(nameof(targets), "targets", inputs.Count, targets.Count);
        if (!(l2 >= 0 && double.IsFinite(l2)))
            MicroGradThrow.ArgumentOutOfRange_Hyper(nameof(l2), l2, "a finite non-negative L2 factor");
        CheckOutputs(model, loss);
        if (inputScaling is not null && inputScaling.Count != model.InputCount)
            MicroGradThrow.Argument_InputWidth(nameof(inputScaling), model.InputCount, inputScaling.Count, "the input scaling");
        Model = model;
        Loss = loss;
        L2 = l2;
        _features = new double[inputs.Count * model.InputCount];
        _targets = new double[targets.Count];
        _allRows = new int[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var row = inputs[i];
            if (row is null)
                MicroGradThrow.Argument_NullEntry(nameof(inputs), "an input row", i);
            if (row.Count != model.InputCount)
                MicroGradThrow.Argument_InputWidth(nameof(inputs), model.InputCount, row.Count, $"{model} (row {i})");
            for (var j = 0; j < row.Count; j++)
            {
                var v = inputScaling is null ? row[j] : inputScaling.Apply(j, row[j]);
                if (!double.IsFinite(v))
                    MicroGradThrow.Argument_NotFinite(nameof(inputs), "input", i, j, v);
                _features[i * row.Count + j] = v;
            }
            _targets[i] = targets[i];
            Losses.CheckTarget(loss, nameof(targets), i, targets[i], model.OutputCount);
            _allRows[i] = i;
        }
        if (loss == LossKind.CrossEntropy)
            _classes = ToClasses(_targets);
    }

    /// <summary>The network being trained.</summary>
    public Mlp Model { get; }

    /// <summary>The loss.</summary>
    public LossKind Loss { get; }

    /// <summary>α of the L2 term.</summary>
    public double L2 { get; }

    /// <summary>Number of samples.</summary>
    public int Count => _targets.Length;

    /// <summary>Which engine computes the loss and gradients: <see cref="ObjectiveEngine.Tensor"/> (the default) or
    /// <see cref="ObjectiveEngine.Scalar"/> (see the remarks).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a member of <see cref="ObjectiveEngine"/>.</exception>
    public ObjectiveEngine Engine
    {
        get;
        init => field = Enum.IsDefined(value) ? value : MicroGradThrow.ArgumentOutOfRange_Enum<ObjectiveEngine, ObjectiveEngine>(nameof(value), value);
    } = ObjectiveEngine.Tensor;

    /// <summary>Under <see cref="ObjectiveEngine.Scalar"/>, whether full-batch steps replay a compiled graph (the
    /// default) instead of building one per step (see the remarks); the tensor engine ignores it.</summary>
    public bool UseCompiledGraph { get; init; } = true;

    /// <summary>Builds the scalar engine's loss graph over <paramref name="rows"/> (samples summed in the given order)
    /// and the accuracy, whatever <see cref="Engine"/> is.</summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside [0, <see cref="Count"/>).</exception>
    public (Value Loss, double Accuracy) Build(ReadOnlySpan<int> rows)
    {
        var (loss, outputs, targets) = BuildGraph(rows);
        return (loss, Fraction(Correct(OutputData(outputs, Model.OutputCount), Model.OutputCount, targets), outputs.Length));
    }

    /// <summary>One full-batch step's worth of work: evaluates the loss over every row, zeroes the model's gradients
    /// and back-propagates, leaving d(loss)/d(p) in every parameter's <see cref="Value.Grad"/>. Under the scalar engine,
    /// replays a compiled graph when <see cref="UseCompiledGraph"/> is set (bit-identical to building it).</summary>
    public LossAndAccuracy ComputeGradients() => Engine == ObjectiveEngine.Tensor
        ? TensorGradients(_allRows, allRows: true)
        : UseCompiledGraph ? ReplayFullBatch() : ScalarGradients(_allRows);

    /// <summary>As <see cref="ComputeGradients()"/> over a batch of <paramref name="rows"/> (in that order); the scalar
    /// engine builds the graph (a batch's graph changes with its rows, so it is never replayed).</summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside [0, <see cref="Count"/>).</exception>
    public LossAndAccuracy ComputeGradients(ReadOnlySpan<int> rows) =>
        Engine == ObjectiveEngine.Tensor ? TensorGradients(rows, allRows: false) : ScalarGradients(rows);

    /// <summary>The loss and accuracy over every row without recording a graph (e.g. for validation data, or after
    /// the last step).</summary>
    /// <remarks>The tensor engine takes more than 8,192 rows in passes of 8,192 (so that measuring a million rows does
    /// not hold a million-row matrix per layer): the loss is then the passes' mean losses averaged by their rows, equal
    /// to a single pass's to rounding rather than to the bit.</remarks>
    public LossAndAccuracy Measure() => Engine == ObjectiveEngine.Tensor ? TensorMeasure(_allRows, allRows: true) : Measure(_allRows);

    /// <summary>The loss and accuracy over <paramref name="rows"/> without recording a graph (in passes, as
    /// <see cref="Measure()"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside [0, <see cref="Count"/>).</exception>
    public LossAndAccuracy Measure(ReadOnlySpan<int> rows)
    {
        if (Engine == ObjectiveEngine.Tensor)
            return TensorMeasure(rows, allRows: false);
        using (Value.NoGrad())
        {
            var (loss, accuracy) = Build(rows);
            return new LossAndAccuracy(loss.Data, accuracy);
        }
    }

    /// <summary>Checks that <paramref name="rows"/> is a non-empty list of row indices.</summary>
    private void CheckRows(ReadOnlySpan<int> rows)
    {
        if (rows.IsEmpty)
            MicroGradThrow.Argument_EmptyDataSet(nameof(rows), "row");
        foreach (var r in rows)
        {
            if ((uint)r >= (uint)_targets.Length)
                MicroGradThrow.ArgumentOutOfRange(nameof(rows), r, $"a row index in [0, {_targets.Length})");
        }
    }

    private static Dataset NotNull(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data;
    }

    private static double[] TargetsFor(Dataset data, LossKind loss) =>
        data.IsClassification && loss == LossKind.Hinge ? data.SignedLabels() : data.Target;

    private static int[] ToClasses(double[] targets)
    {
        var classes = new int[targets.Length];
        for (var i = 0; i < classes.Length; i++)
            classes[i] = (int)targets[i];
        return classes;
    }

    private static void CheckOutputs(Mlp model, LossKind loss)
    {
        switch (loss)
        {
            case LossKind.Hinge or LossKind.BinaryCrossEntropy or LossKind.MeanSquaredError:
                if (model.OutputCount != 1)
                    MicroGradThrow.Argument_OutputWidth(nameof(model), 1, model.OutputCount, $"{loss} reads one output per sample");
                break;
            case LossKind.CrossEntropy:
                if (model.OutputCount < 2)
                    MicroGradThrow.Argument_OutputWidth(nameof(model), 2, model.OutputCount, "cross-entropy needs one output per class, at least 2");
                break;
            default:
                MicroGradThrow.ArgumentOutOfRange_Enum<LossKind, int>(nameof(loss), loss);
                break;
        }
    }

}
