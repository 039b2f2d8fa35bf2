namespace MicroGrad.Visualization;

/// <summary>
/// The graph below one root as flat arrays, shared by the DOT and SVG writers: values numbered in
/// <see cref="Value.TopologicalOrder"/> (operands before their users, the root last), each value's role, and its
/// operands as indices (compressed rows: the operands of value i are <c>Operands[OperandStart[i]..OperandStart[i+1]]</c>).
/// </summary>
internal sealed class GraphModel
{
    private GraphModel(Value[] values, NodeRole[] roles, int[] operandStart, int[] operands)
    {
        Values = values;
        Roles = roles;
        OperandStart = operandStart;
        Operands = operands;
    }

    public Value[] Values { get; }

    public NodeRole[] Roles { get; }

    public int[] OperandStart { get; }

    public int[] Operands { get; }

    public int Count => Values.Length;

    public bool IsLeaf(int i) => OperandStart[i] == OperandStart[i + 1];

    public static GraphModel Build(Value root, GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        var inputs = ToSet(options.Inputs, nameof(GraphOptions.Inputs));
        var parameters = ToSet(options.Parameters, nameof(GraphOptions.Parameters));

        var order = root.TopologicalOrder();
        var n = order.Count;
        var values = new Value[n];
        var index = new Dictionary<Value, int>(n, ReferenceEqualityComparer.Instance);
        var operandCount = 0;
        for (var i = 0; i < n; i++)
        {
            values[i] = order[i];
            index.Add(order[i], i);
            operandCount += order[i].Children.Count;
        }

        var roles = new NodeRole[n];
        var operandStart = new int[n + 1];
        var operands = new int[operandCount];
        var next = 0;
        for (var i = 0; i < n; i++)
        {
            var v = values[i];
            operandStart[i] = next;
            var children = v.Children;
            for (var k = 0; k < children.Count; k++)
                operands[next++] = index[children[k]];
            roles[i] = RoleOf(v, i == n - 1, inputs, parameters);
        }
        operandStart[n] = next;
        return new GraphModel(values, roles, operandStart, operands);
    }

    private static NodeRole RoleOf(Value v, bool isRoot, HashSet<Value>? inputs, HashSet<Value>? parameters)
    {
        if (isRoot)
            return NodeRole.Output;
        if (!v.IsLeaf)
            return NodeRole.Interior;
        if (inputs is not null && inputs.Contains(v))
            return NodeRole.Input;
        if (parameters is not null && parameters.Contains(v))
            return NodeRole.Parameter;
        return v.Label is null ? NodeRole.Constant : NodeRole.Leaf;
    }

    private static HashSet<Value>? ToSet(IReadOnlyList<Value>? values, string name)
    {
        if (values is null)
            return null;
        var set = new HashSet<Value>(values.Count, ReferenceEqualityComparer.Instance);
        for (var position = 0; position < values.Count; position++)
        {
            var v = values[position];
            if (v is null)
                MicroGradThrow.Argument_NullItem(name, name, position);
            set.Add(v);
        }
        return set;
    }
}
