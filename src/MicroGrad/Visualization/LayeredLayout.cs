namespace MicroGrad.Visualization;

/// <summary>
/// A Sugiyama-style layered layout of a <see cref="GraphModel"/>: value and op nodes are put on layers by longest
/// path (a leaf moved next to its first user), long edges get one dummy node per layer crossed, each layer is ordered
/// by barycenter sweeps, and nodes are placed along each layer by priority passes that keep a minimum gap, so no two
/// boxes overlap by construction. Every step is iterative and costs O((nodes + dummies) · log) per sweep.
/// </summary>
internal sealed partial class LayeredLayout
{
    private const int Sweeps = 4;
    // Beyond this many dummies, further long edges are drawn straight (a huge, very deep graph stays fast).
    private const int MaxDummies = 50_000;

    private readonly GraphModel _graph;
    private readonly RankDirection _direction;
    private readonly RecordSizing _sizing;
    private readonly int _realCount;
    private readonly int[] _valueNode;
    private readonly int[] _opNode;
    private readonly int[] _edgeFrom;
    private readonly int[] _edgeTo;
    private readonly int[] _chainStart;
    private readonly int[] _chain;
    private readonly int[] _rank;
    private readonly int _layerCount;
    private readonly int[] _layerStart;
    private readonly int[] _layerNodes;
    private readonly int[] _pos;
    private readonly int[] _predStart;
    private readonly int[] _preds;
    private readonly int[] _succStart;
    private readonly int[] _succs;

    private LayeredLayout(GraphModel graph, RankDirection direction, RecordSizing sizing)
    {
        _graph = graph;
        _direction = direction;
        _sizing = sizing;
        var n = graph.Count;
        _valueNode = new int[n];
        _opNode = new int[n];
        var count = 0;
        var edgeCount = 0;
        for (var i = 0; i < n; i++)
        {
            _opNode[i] = graph.IsLeaf(i) ? -1 : count++;
            _valueNode[i] = count++;
            if (!graph.IsLeaf(i))
                edgeCount += graph.OperandStart[i + 1] - graph.OperandStart[i] + 1;
        }
        _realCount = count;

        var realRank = AssignRanks(count);
        _edgeFrom = new int[edgeCount];
        _edgeTo = new int[edgeCount];
        var e = 0;
        for (var i = 0; i < n; i++)
        {
            if (graph.IsLeaf(i))
                continue;
            for (var k = graph.OperandStart[i]; k < graph.OperandStart[i + 1]; k++)
            {
                _edgeFrom[e] = _valueNode[graph.Operands[k]];
                _edgeTo[e++] = _opNode[i];
            }
            _edgeFrom[e] = _opNode[i];
            _edgeTo[e++] = _valueNode[i];
        }

        // Dummies: one per layer strictly between the ends of a long edge, numbered after the real nodes.
        _chainStart = new int[edgeCount + 1];
        var dummies = 0;
        for (e = 0; e < edgeCount; e++)
        {
            _chainStart[e] = dummies;
            var inner = realRank[_edgeTo[e]] - realRank[_edgeFrom[e]] - 1;
            if (inner > 0 && dummies + inner <= MaxDummies)
                dummies += inner;
        }
        _chainStart[edgeCount] = dummies;
        _chain = new int[dummies];
        _rank = new int[count + dummies];
        Array.Copy(realRank, _rank, count);
        for (e = 0; e < edgeCount; e++)
        {
            for (var d = _chainStart[e]; d < _chainStart[e + 1]; d++)
            {
                _chain[d] = count + d;
                _rank[count + d] = realRank[_edgeFrom[e]] + 1 + (d - _chainStart[e]);
            }
        }

        var total = count + dummies;
        _layerCount = 0;
        for (var v = 0; v < total; v++)
            _layerCount = Math.Max(_layerCount, _rank[v] + 1);
        _layerStart = new int[_layerCount + 1];
        _layerNodes = new int[total];
        _pos = new int[total];
        for (var v = 0; v < total; v++)
            _layerStart[_rank[v] + 1]++;
        for (var r = 0; r < _layerCount; r++)
            _layerStart[r + 1] += _layerStart[r];
        var fill = new int[_layerCount];
        for (var v = 0; v < total; v++)
        {
            var r = _rank[v];
            _pos[v] = fill[r];
            _layerNodes[_layerStart[r] + fill[r]++] = v;
        }

        (_predStart, _preds, _succStart, _succs) = BuildAdjacency(total);
    }

    private bool IsDummy(int node) => node >= _realCount;

    /// <summary>Lays out <paramref name="graph"/> flowing in <paramref name="direction"/>, its records sized for
    /// <paramref name="sizing"/> (the learner's page wants room for numbers that change).</summary>
    public static GraphLayout Compute(GraphModel graph, RankDirection direction, RecordSizing sizing = RecordSizing.Picture)
    {
        var layout = new LayeredLayout(graph, direction, sizing);
        layout.Order();
        return layout.Place();
    }

    /// <summary>Longest path from the leaves: an op sits one layer after its latest operand and its value one layer
    /// after it; then each leaf moves to the layer just before its earliest user, so constants and parameters sit
    /// next to the op that reads them instead of all on the first layer.</summary>
    private int[] AssignRanks(int count)
    {
        var rank = new int[count];
        var g = _graph;
        for (var i = 0; i < g.Count; i++)
        {
            if (g.IsLeaf(i))
                continue;
            var op = 0;
            for (var k = g.OperandStart[i]; k < g.OperandStart[i + 1]; k++)
                op = Math.Max(op, rank[_valueNode[g.Operands[k]]] + 1);
            rank[_opNode[i]] = op;
            rank[_valueNode[i]] = op + 1;
        }
        var firstUse = new int[g.Count];
        Array.Fill(firstUse, int.MaxValue);
        for (var i = 0; i < g.Count; i++)
        {
            for (var k = g.OperandStart[i]; k < g.OperandStart[i + 1]; k++)
                firstUse[g.Operands[k]] = Math.Min(firstUse[g.Operands[k]], rank[_opNode[i]]);
        }
        for (var i = 0; i < g.Count; i++)
        {
            if (g.IsLeaf(i) && firstUse[i] != int.MaxValue)
                rank[_valueNode[i]] = firstUse[i] - 1;
        }
        return rank;
    }

    /// <summary>Predecessors and successors along segments between adjacent layers (an edge cut into dummies gives
    /// one segment per layer; an edge drawn straight across several layers is left out of the ordering).</summary>
    private (int[], int[], int[], int[]) BuildAdjacency(int total)
    {
        var segments = new List<(int From, int To)>(_edgeFrom.Length + _chain.Length);
        for (var e = 0; e < _edgeFrom.Length; e++)
        {
            var from = _edgeFrom[e];
            for (var d = _chainStart[e]; d < _chainStart[e + 1]; d++)
            {
                segments.Add((from, _chain[d]));
                from = _chain[d];
            }
            if (_rank[_edgeTo[e]] - _rank[from] == 1)
                segments.Add((from, _edgeTo[e]));
        }
        var predStart = new int[total + 1];
        var succStart = new int[total + 1];
        foreach (var (from, to) in segments)
        {
            predStart[to + 1]++;
            succStart[from + 1]++;
        }
        for (var v = 0; v < total; v++)
        {
            predStart[v + 1] += predStart[v];
            succStart[v + 1] += succStart[v];
        }
        var preds = new int[segments.Count];
        var succs = new int[segments.Count];
        var predFill = new int[total];
        var succFill = new int[total];
        foreach (var (from, to) in segments)
        {
            preds[predStart[to] + predFill[to]++] = from;
            succs[succStart[from] + succFill[from]++] = to;
        }
        return (predStart, preds, succStart, succs);
    }

    /// <summary>Barycenter sweeps: each layer sorted by the mean position of its neighbours in the layer before
    /// (downwards) or after (upwards); ties and nodes without neighbours keep their current order.</summary>
    private void Order()
    {
        var bary = new double[_layerNodes.Length];
        Comparison<int> byBarycenter = (a, b) =>
        {
            var c = bary[a].CompareTo(bary[b]);
            return c != 0 ? c : _pos[a].CompareTo(_pos[b]);
        };
        for (var sweep = 0; sweep < Sweeps; sweep++)
        {
            for (var r = 1; r < _layerCount; r++)
                Reorder(r, _predStart, _preds, bary, byBarycenter);
            for (var r = _layerCount - 2; r >= 0; r--)
                Reorder(r, _succStart, _succs, bary, byBarycenter);
        }
    }

    private void Reorder(int layer, int[] start, int[] neighbours, double[] bary, Comparison<int> comparison)
    {
        var nodes = _layerNodes.AsSpan(_layerStart[layer], _layerStart[layer + 1] - _layerStart[layer]);
        foreach (var v in nodes)
        {
            var count = start[v + 1] - start[v];
            if (count == 0)
            {
                bary[v] = _pos[v];
                continue;
            }
            var sum = 0.0;
            for (var k = start[v]; k < start[v + 1]; k++)
                sum += _pos[neighbours[k]];
            bary[v] = sum / count;
        }
        // Later sweeps mostly find a layer already in order; checking is linear, sorting is not.
        var sorted = true;
        for (var k = 1; k < nodes.Length && sorted; k++)
            sorted = comparison(nodes[k - 1], nodes[k]) <= 0;
        if (sorted)
            return;
        nodes.Sort(comparison);
        for (var k = 0; k < nodes.Length; k++)
            _pos[nodes[k]] = k;
    }
}
