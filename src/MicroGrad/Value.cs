using System.Collections;
using System.Globalization;

namespace MicroGrad;

/// <summary>
/// A scalar in a computation graph: its <see cref="Data"/>, the gradient <see cref="Grad"/> of the last
/// <see cref="Backward"/> with respect to it, and the operation and operands that produced it, as in micrograd's
/// <c>engine.Value</c>.
/// </summary>
/// <remarks>
/// <para>A node stores its op as a byte code and at most two operands inline, so building the graph allocates the
/// node and nothing else; there is no closure per node: <see cref="Backward"/> switches on the op code.</para>
/// <para>Threads: a graph's shape never changes once built, and the operations that only read it may run on any
/// number of threads at once, on the same graph or on graphs sharing nodes: <see cref="TopologicalOrder"/>,
/// <see cref="Children"/>, <see cref="Compile()"/> (each thread then replays its own <see cref="CompiledGraph"/>),
/// and <c>GraphPicture.ToDot</c>/<c>ToSvg</c>. <see cref="Backward"/> and <see cref="ZeroGrad"/> write every node's
/// <see cref="Grad"/> (and mark the nodes as they order them), so on a graph, or graphs sharing nodes, they need
/// one thread at a time, with no other operation on those nodes meanwhile; independent graphs may be
/// back-propagated on different threads at once. Setting <see cref="Data"/>, <see cref="Grad"/> or
/// <see cref="Label"/> is, likewise, the caller's to synchronise.</para>
/// </remarks>
public sealed partial class Value
{
    private readonly Value? _left;
    private readonly Value? _right;
    private readonly OpCode _op;
    // Fields rather than auto-properties so that Backward can pass the operands' gradients by ref to Propagate.
    private double _data;
    private double _grad;
    // Stamp of the last traversal that visited this node (see Traversal); replaces a hash set per Backward().
    private int _visit;
    // The rarely used parts of a node, created on first use: the label and the Children view (one object serves
    // as both). Keeping them out of line makes a node 64 bytes: header 16, Data and Grad 16, two operands 16,
    // this 8, op and visit stamp 8.
    private Extras? _extras;

    /// <summary>Creates a leaf holding <paramref name="data"/>.</summary>
    /// <param name="data">The value.</param>
    /// <param name="label">An optional name shown in graph pictures and error messages.</param>
    public Value(double data, string? label = null)
    {
        Data = data;
        if (label is not null)
            _extras = new Extras(this) { Label = label };
    }

    private Value(double data, OpCode op, Value left, Value? right)
    {
        Data = data;
        _op = op;
        _left = left;
        _right = right;
    }

    /// <summary>The scalar this node holds.</summary>
    public double Data { get => _data; set => _data = value; }

    /// <summary>d(output)/d(this) from the last <see cref="Backward"/> (accumulated on leaves, see there).</summary>
    public double Grad { get => _grad; set => _grad = value; }

    /// <summary>An optional name, shown in graph pictures and anomaly messages.</summary>
    public string? Label
    {
        get => _extras?.Label;
        set
        {
            if (value is not null || _extras is not null)
                (_extras ?? NewExtras()).Label = value;
        }
    }

    // Readers on several threads may race to create the extras: the first one stored wins, so that none replaces
    // another (and a label set meanwhile is never lost).
    private Extras NewExtras() => Interlocked.CompareExchange(ref _extras, new Extras(this), null) ?? _extras!;

    /// <summary>
    /// micrograd's name of the operation that produced this node: <c>""</c> for a leaf, otherwise <c>+ - * /</c>,
    /// <c>neg</c>, <c>**c</c> for <see cref="Pow(double)"/> with the exponent c (e.g. <c>**2</c>), <c>**</c> for
    /// <see cref="Pow(Value)"/>, <c>exp</c>, <c>log</c>, <c>tanh</c>, <c>ReLU</c>, <c>sigmoid</c>, and for the ops micrograd
    /// lacks <c>abs</c>, <c>sqrt</c>, <c>sin</c>, <c>cos</c>, <c>log1p</c>, <c>softplus</c>, <c>sign</c>, <c>max</c>,
    /// <c>min</c>.
    /// </summary>
    public string Op => OpName(_op, _op == OpCode.PowConst ? _right!.Data : 0.0);

    /// <summary>Whether this node is a leaf (an input, a parameter or a constant) rather than the result of an op.</summary>
    public bool IsLeaf => _op == OpCode.Leaf;

    /// <summary>
    /// The operands in order (empty for a leaf). A <see cref="double"/> operand appears as a constant leaf, as in
    /// micrograd; the exponent of <see cref="Pow(double)"/> is part of <see cref="Op"/>, not an operand.
    /// </summary>
    public IReadOnlyList<Value> Children => _extras ?? NewExtras();

    internal OpCode Code => _op;

    internal Value? Left => _left;

    internal Value? Right => _right;

    /// <summary>Wraps a number as a constant leaf, so that <c>x * 2.0</c> and <c>2.0 * x</c> build graphs.</summary>
    public static implicit operator Value(double data) => new(data);

    /// <summary>Makes a leaf from a number (the named alternative to the implicit conversion).</summary>
    public static Value FromDouble(double data) => new(data);

    /// <summary>A new leaf with the same <see cref="Data"/> and <see cref="Label"/> that records no history.</summary>
    public Value Detach() => new(Data, Label);

    /// <summary><see cref="Op"/> for an op code; <paramref name="exponent"/> is used by <c>**c</c> only.</summary>
    internal static string OpName(OpCode op, double exponent) => op == OpCode.PowConst
        ? "**" + exponent.ToString("R", CultureInfo.InvariantCulture)
        : Symbol(op);

    /// <summary>A detached node with the given op, operands, data and grad, for error messages about compiled
    /// graphs (which keep no Value for interior nodes).</summary>
    internal static Value ForMessage(OpCode op, Value left, Value? right, double data, double grad) =>
        new(data, op, left, right) { Grad = grad };

    private static Value Checked(Value? v, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(v))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(v, name);
        return v;
    }

    // Builds the node of a two-operand op; every op's formulas are in Value.Ops.*.cs.
    private static Value Binary(OpCode op, Value a, Value b)
    {
        Checked(a);
        Checked(b);
        var data = Evaluate(op, a.Data, b.Data);
        if (AnyScopeOpen)
        {
            if (AnomalyActive && !double.IsFinite(data))
                MicroGradThrow.Anomaly_Forward(op, a, b, data);
            if (NoGradActive)
                return new Value(data);
        }
        return new Value(data, op, a, b);
    }

    // Builds the node of a one-operand op, or of a ** c, whose exponent c is given apart.
    private static Value Unary(OpCode op, Value a, double exponent = 0.0)
    {
        var data = Evaluate(op, a.Data, exponent);
        if (AnyScopeOpen)
        {
            if (AnomalyActive && !double.IsFinite(data))
                MicroGradThrow.Anomaly_Forward(op, a, op == OpCode.PowConst ? new Value(exponent) : null, data);
            if (NoGradActive)
                return new Value(data);
        }
        // The exponent of ** is kept as a constant leaf in the second slot but is not an operand (see Children).
        return new Value(data, op, a, op == OpCode.PowConst ? new Value(exponent) : null);
    }

    /// <summary>micrograd's repr: <c>Value(data=-20.0, grad=46.0)</c>, in the invariant culture.</summary>
    public override string ToString() =>
        $"Value(data={Format.Python(Data)}, grad={Format.Python(Grad)})";

    // The Children view (allocated once per node, on first read) and the label.
    private sealed class Extras(Value owner) : IReadOnlyList<Value>
    {
        public string? Label;

        public int Count => Arity(owner._op);

        public Value this[int index] => (uint)index < (uint)Count
            ? (index == 0 ? owner._left! : owner._right!)
            : MicroGradThrow.ArgumentOutOfRange<Value>(nameof(index), index, $"an operand index in [0, {Count}) of a '{owner.Op}' node");

        public IEnumerator<Value> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
