using System.Globalization;

namespace MicroGrad;

/// <summary>
/// A 2-D matrix of float64 in a computation graph: the batched sibling of <see cref="Value"/>. It holds its
/// <see cref="Data"/> and <see cref="Grad"/> row-major (element (i, j) at <c>i·Columns + j</c>), and the op and operands
/// that produced it; <see cref="Backward"/> walks the graph's topological order in reverse, as
/// <see cref="Value.Backward"/> does.
/// </summary>
/// <remarks>
/// <para>Shapes: rows and columns are at least 1 (no empty tensors: a batch of 0 rows has no mean to train on). A
/// scalar is a 1×1 tensor; a <see cref="double"/> operand becomes a 1×1 constant leaf, as for <see cref="Value"/>.</para>
/// <para>Scopes: <see cref="Value.NoGrad"/> and <see cref="Value.DetectAnomaly"/> apply to tensors too (under NoGrad an
/// op returns a leaf; under DetectAnomaly a NaN or ±∞ throws, naming the op and the first bad element's row and
/// column).</para>
/// <para>Threads: as for <see cref="Value"/>, independent graphs may be used on different threads at once; graphs that
/// share nodes must not be back-propagated concurrently.</para>
/// </remarks>
public sealed partial class Tensor
{
    private readonly TensorOp _op;
    private readonly Tensor? _left;
    private readonly Tensor? _right;
    // The third operand of a three-operand op (Linear's bias).
    private readonly Tensor? _third;
    // What an op needs besides its operands: the exponent of Pow, the axis of Sum/Mean (−1: every element), the class
    // of each row of CrossEntropy and the softmax its forward keeps for its backward.
    private readonly double _exponent;
    private readonly int _axis = AllAxes;
    // The activation fused into Linear.
    private readonly NN.Activation _activation;
    private readonly int[]? _targets;
    private double[]? _saved;
    private double[]? _grad;
    // Where a tensor made inside a workspace's scope (TensorWorkspace.Begin) takes its buffers from: its slot there.
    private TensorWorkspace? _workspace;
    private int _slot;
    // A leaf standing for Values (an Mlp's W or b, ViewOf): element k's gradient is also added into _values[k].Grad.
    private Value[]? _values;

    /// <summary>Creates a leaf (an input, a parameter or a constant) of <paramref name="rows"/>×<paramref name="columns"/>
    /// holding <paramref name="data"/> in row-major order.</summary>
    /// <remarks>The array is kept, not copied: <see cref="Data"/> is <paramref name="data"/> itself, so a caller (or an
    /// optimizer) that writes into it changes the tensor, as a parameter's update in place should.</remarks>
    /// <param name="rows">Number of rows, at least 1.</param>
    /// <param name="columns">Number of columns, at least 1.</param>
    /// <param name="data">The <c>rows × columns</c> elements, row after row.</param>
    /// <param name="label">An optional name, shown by <see cref="ToString"/> and in error messages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is less than
    /// 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/>'s length is not <c>rows × columns</c>.</exception>
    public Tensor(int rows, int columns, double[] data, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (rows < 1)
            MicroGradThrow.ArgumentOutOfRange(nameof(rows), rows, "at least 1 row");
        if (columns < 1)
            MicroGradThrow.ArgumentOutOfRange(nameof(columns), columns, "at least 1 column");
        if ((long)rows * columns != data.Length)
            MicroGradThrow.Argument_TensorDataLength(nameof(data), rows, columns, data.Length);
        Rows = rows;
        Columns = columns;
        Data = data;
        Label = label;
    }

    // A node of an op: its data is filled by the op's forward (Tensor.Ops.cs).
    private Tensor(TensorOp op, Tensor left, Tensor? right, int rows, int columns, double exponent, int axis, int[]? targets,
        Tensor? third = null, NN.Activation activation = NN.Activation.Linear)
    {
        _op = op;
        _left = left;
        _right = right;
        _third = third;
        _activation = activation;
        _exponent = exponent;
        _axis = axis;
        _targets = targets;
        Rows = rows;
        Columns = columns;
        CheckSize(op, left, right, rows, columns);
        _workspace = TensorWorkspace.Current;
        if (_workspace is null)
        {
            Data = new double[rows * columns];
        }
        else
        {
            _slot = _workspace.NextSlot();
            Data = _workspace.Data(_slot, rows * columns);
        }
    }

    /// <summary>Elements from which an op's output is checked against the memory the process may use (128 MB of data):
    /// below it the check would cost more than it could save.</summary>
    private const long LargeElements = 1L << 24;

    /// <summary>Refuses an op whose output cannot be allocated, before allocating it: more elements than an array holds,
    /// or, for a large one, more bytes than the garbage collector may use (typically an (n×1) − (1×n) broadcast or an
    /// (n×1)·(1×n) product meant to be elementwise). The message names the op, both shapes and the size.</summary>
    private static void CheckSize(TensorOp op, Tensor left, Tensor? right, int rows, int columns)
    {
        var elements = (long)rows * columns;
        if (elements < LargeElements)
            return;
        var available = MemoryBudget.AvailableBytes;
        if (elements > Array.MaxLength || elements * sizeof(double) > available)
            MicroGradThrow.Argument_TensorTooLarge(op, left, right, rows, columns, available);
    }

    /// <summary>A leaf for a step built inside a workspace's scope (an input batch, the targets): over
    /// <paramref name="data"/> when given (kept, not copied), otherwise over a buffer of the workspace (whatever it
    /// holds: the caller assigns every element); its gradient, if asked for, comes from the workspace too. Outside a
    /// scope, an ordinary leaf.</summary>
    internal static Tensor StepLeaf(int rows, int columns, double[]? data, string? label = null, bool skipsGradient = false)
    {
        var workspace = TensorWorkspace.Current;
        var slot = workspace?.NextSlot() ?? 0;
        data ??= workspace is null ? new double[rows * columns] : workspace.Data(slot, rows * columns);
        return new Tensor(rows, columns, data, label) { _workspace = workspace, _slot = slot, SkipsGradient = skipsGradient };
    }

    /// <summary>A leaf of <paramref name="rows"/>×<paramref name="columns"/> standing for <paramref name="values"/> (element
    /// k is <c>values[k]</c>): it holds a copy of their <see cref="Value.Data"/> (<see cref="ReadValues"/> refreshes
    /// it), and <see cref="Backward"/> adds each element's gradient from the pass into <c>values[k].Grad</c> too, as
    /// it does into the leaf's own <see cref="Grad"/>. This is how a network's parameters, which stay
    /// <see cref="Value"/>s, take part in a tensor graph (<see cref="NN.Mlp.Forward(Tensor)"/>).</summary>
    internal static Tensor ViewOf(int rows, int columns, Value[] values, string? label = null)
    {
        System.Diagnostics.Debug.Assert(values.Length == rows * columns);
        var view = new Tensor(rows, columns, new double[values.Length], label) { _values = values };
        view.ReadValues();
        return view;
    }

    /// <summary>Copies the current <see cref="Value.Data"/> of the Values this leaf stands for into its
    /// <see cref="Data"/>, in place (after an optimizer's step).</summary>
    internal void ReadValues()
    {
        var (values, data) = (_values!, Data);
        for (var k = 0; k < data.Length; k++)
            data[k] = values[k].Data;
    }

    /// <summary>A scratch array an op's forward keeps for its backward (cross-entropy's softmax): from the workspace of
    /// the open scope, if any, as the op's own buffers are.</summary>
    private static double[] ScratchBuffer(int length)
    {
        var workspace = TensorWorkspace.Current;
        return workspace is null ? new double[length] : workspace.Data(workspace.NextSlot(), length);
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>The elements, row-major: element (i, j) is <c>Data[i·Columns + j]</c>. For a leaf, the array given to
    /// the constructor.</summary>
    public double[] Data { get; }

    /// <summary>d(output)/d(element) from the last <see cref="Backward"/>, row-major like <see cref="Data"/> (set on
    /// interior nodes, accumulated on leaves; see there). Allocated, as zeros, on first use.</summary>
    public double[] Grad => _grad ??= _workspace is null ? new double[Data.Length] : _workspace.Grad(_slot, Data.Length);

    /// <summary>An optional name, shown by <see cref="ToString"/> and in error messages.</summary>
    public string? Label { get; set; }

    /// <summary>Set on a leaf whose gradient nobody reads (the batch of inputs <see cref="NN.Objective"/> builds for a
    /// step, whose only use is the first layer's <see cref="MatMul"/> or <see cref="Linear"/>): their backward does not compute its share for
    /// it, and <see cref="Backward"/> does not reset or accumulate its <see cref="Grad"/>, which is then not meaningful.
    /// Only MatMul and Linear honour it (the ops an input batch feeds); another op would still add into it.</summary>
    internal bool SkipsGradient { get; init; }

    /// <summary>The name of the op that produced this tensor, its method's name: <c>""</c> for a leaf, otherwise
    /// <c>MatMul</c>, <c>Linear</c> (with <c>(Relu)</c>, <c>(Tanh)</c> or <c>(Sigmoid)</c> for a fused activation),
    /// <c>Add</c>, <c>Sub</c>, <c>Mul</c>, <c>Div</c>, <c>Neg</c>, <c>Pow(c)</c> with the exponent c,
    /// <c>Exp</c>, <c>Log</c>, <c>Tanh</c>, <c>Relu</c>, <c>Sigmoid</c>, <c>Softplus</c>, <c>Sum</c>, <c>Mean</c> (with <c>(axis: k)</c>
    /// for one axis), <c>Transpose</c>, <c>CrossEntropy</c>.</summary>
    public string Op => _op switch
    {
        TensorOp.Leaf => "",
        TensorOp.Pow => "Pow(" + _exponent.ToString("R", CultureInfo.InvariantCulture) + ")",
        TensorOp.Linear when _activation != NN.Activation.Linear => "Linear(" + _activation.ToString() + ")",
        TensorOp.Sum or TensorOp.Mean when _axis != AllAxes =>
            _op.ToString() + "(axis: " + _axis.ToString(CultureInfo.InvariantCulture) + ")",
        _ => _op.ToString(),
    };

    /// <summary>Whether this tensor is a leaf (an input, a parameter or a constant) rather than the result of an op.</summary>
    public bool IsLeaf => _op == TensorOp.Leaf;

    /// <summary>The operands in order (empty for a leaf). A <see cref="double"/> operand appears as a 1×1 constant
    /// leaf; the exponent of <see cref="Pow"/>, an axis, cross-entropy's targets and Linear's activation are part of
    /// the op.</summary>
    public IReadOnlyList<Tensor> Children => _op == TensorOp.Leaf ? [] : _right is null ? [_left!] :
        _third is null ? [_left!, _right] : [_left!, _right, _third];

    // Operand index (0, 1, 2) of an op node.
    private Tensor Operand(int index) => index switch { 0 => _left!, 1 => _right!, _ => _third! };

    internal TensorOp Code => _op;

    /// <summary>The shape as <c>rows×columns</c>, as messages write it.</summary>
    internal string Shape => string.Create(CultureInfo.InvariantCulture, $"{Rows}×{Columns}");

    /// <summary>The shape, the label if any and the op if not a leaf, e.g. <c>Tensor(3×2, 'W1')</c> or
    /// <c>Tensor(4×2, MatMul)</c>.</summary>
    public override string ToString() =>
        "Tensor(" + Shape + (Label is null ? "" : ", '" + Label + "'") + (IsLeaf ? "" : ", " + Op) + ")";
}
