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
/// <para>Threads: independent graphs may be built and back-propagated on different threads at once. Graphs that
/// share nodes must not be back-propagated concurrently, because <see cref="Backward"/> writes every node's
/// <see cref="Grad"/>.</para>
/// </remarks>
public sealed partial class Value
{
    private readonly Value? _left;
    private readonly Value? _right;
    private readonly OpCode _op;
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
    public double Data { get; set; }

    /// <summary>d(output)/d(this) from the last <see cref="Backward"/> (accumulated on leaves, see there).</summary>
    public double Grad { get; set; }

    /// <summary>An optional name, shown in graph pictures and anomaly messages.</summary>
    public string? Label
    {
        get => _extras?.Label;
        set
        {
            if (value is not null || _extras is not null)
                (_extras ??= new Extras(this)).Label = value;
        }
    }

    /// <summary>
    /// micrograd's name of the operation that produced this node: <c>""</c> for a leaf, otherwise <c>+ - * /</c>,
    /// <c>neg</c>, <c>**c</c> for <see cref="Pow(double)"/> with the exponent c (e.g. <c>**2</c>), <c>**</c> for
    /// <see cref="Pow(Value)"/>, <c>exp</c>, <c>log</c>, <c>tanh</c>, <c>ReLU</c>, <c>sigmoid</c>.
    /// </summary>
    public string Op => OpName(_op, _op == OpCode.PowConst ? _right!.Data : 0.0);

    /// <summary>Whether this node is a leaf (an input, a parameter or a constant) rather than the result of an op.</summary>
    public bool IsLeaf => _op == OpCode.Leaf;

    /// <summary>
    /// The operands in order (empty for a leaf). A <see cref="double"/> operand appears as a constant leaf, as in
    /// micrograd; the exponent of <see cref="Pow(double)"/> is part of <see cref="Op"/>, not an operand.
    /// </summary>
    public IReadOnlyList<Value> Children => _extras ??= new Extras(this);

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
        : op.Symbol();

    /// <summary>A detached node with the given op, operands, data and grad, for error messages about compiled
    /// graphs (which keep no Value for interior nodes).</summary>
    internal static Value ForMessage(OpCode op, Value left, Value? right, double data, double grad) =>
        new(data, op, left, right) { Grad = grad };

    /// <summary>micrograd's repr: <c>Value(data=-20.0, grad=46.0)</c>, in the invariant culture.</summary>
    public override string ToString() =>
        $"Value(data={Format.Python(Data)}, grad={Format.Python(Grad)})";

    // The Children view (allocated once per node, on first read) and the label.
    private sealed class Extras(Value owner) : IReadOnlyList<Value>
    {
        public string? Label;

        public int Count => owner._op.Arity();

        public Value this[int index] => (uint)index < (uint)Count
            ? (index == 0 ? owner._left! : owner._right!)
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"A '{owner.Op}' node has {Count} operand(s).");

        public IEnumerator<Value> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
