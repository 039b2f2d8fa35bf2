namespace MicroGrad.Visualization;

// Coordinates. Work in (rank, cross) coordinates — rank along the flow, cross along a layer — and turn them into
// (x, y) at the end, so that one code path serves both directions.
internal sealed partial class LayeredLayout
{
    private const double Margin = 8;
    private const double RankSeparation = 36;
    private const double NodeSeparation = 18;
    private const double DummySeparation = 8;
    private const double DummySize = 2;

    private GraphLayout Place()
    {
        var total = _layerNodes.Length;
        var rankSize = new double[total];
        var crossSize = new double[total];
        var values = new (double X, double Y, double Width, double Height)[_graph.Count];
        var ops = new (double X, double Y, double RadiusX, double RadiusY)[_graph.Count];
        var lr = _direction == RankDirection.LeftToRight;
        for (var i = 0; i < _graph.Count; i++)
        {
            var (w, h) = NodeMetrics.ValueSize(_graph, i, _direction, _sizing);
            (rankSize[_valueNode[i]], crossSize[_valueNode[i]]) = lr ? (w, h) : (h, w);
            if (_opNode[i] < 0)
                continue;
            var (rx, ry) = NodeMetrics.OpRadii(_graph.Values[i].Op);
            (rankSize[_opNode[i]], crossSize[_opNode[i]]) = lr ? (2 * rx, 2 * ry) : (2 * ry, 2 * rx);
        }
        for (var v = _realCount; v < total; v++)
            crossSize[v] = DummySize;

        // Layers are bands along the flow, each as thick as its thickest node.
        var bandStart = new double[_layerCount];
        var bandEnd = new double[_layerCount];
        var at = Margin;
        for (var r = 0; r < _layerCount; r++)
        {
            var thickness = 0.0;
            for (var k = _layerStart[r]; k < _layerStart[r + 1]; k++)
                thickness = Math.Max(thickness, rankSize[_layerNodes[k]]);
            bandStart[r] = at;
            bandEnd[r] = at + thickness;
            at = bandEnd[r] + RankSeparation;
        }
        var rankExtent = (_layerCount == 0 ? Margin : bandEnd[_layerCount - 1]) + Margin;

        // Down from the preds (first pass packs layers without any), up from the succs, and down again, so that an
        // op's value ends up straight after it.
        var cross = new double[total];
        var scratch = new double[3 * total];
        PlaceLayers(cross, crossSize, scratch, _predStart, _preds, downwards: true, firstPass: true);
        PlaceLayers(cross, crossSize, scratch, _succStart, _succs, downwards: false, firstPass: false);
        PlaceLayers(cross, crossSize, scratch, _predStart, _preds, downwards: true, firstPass: false);

        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        for (var v = 0; v < total; v++)
        {
            min = Math.Min(min, cross[v] - crossSize[v] / 2);
            max = Math.Max(max, cross[v] + crossSize[v] / 2);
        }
        var shift = Margin - min;
        for (var v = 0; v < total; v++)
            cross[v] += shift;
        var crossExtent = max + shift + Margin;

        double RankCentre(int v) => (bandStart[_rank[v]] + bandEnd[_rank[v]]) / 2;
        (double X, double Y) ToXy(double rank, double across) => lr ? (rank, across) : (across, rank);

        for (var i = 0; i < _graph.Count; i++)
        {
            var v = _valueNode[i];
            var (cx, cy) = ToXy(RankCentre(v), cross[v]);
            var (w, h) = lr ? (rankSize[v], crossSize[v]) : (crossSize[v], rankSize[v]);
            values[i] = (cx - w / 2, cy - h / 2, w, h);
            var op = _opNode[i];
            if (op < 0)
                continue;
            (cx, cy) = ToXy(RankCentre(op), cross[op]);
            ops[i] = lr ? (cx, cy, rankSize[op] / 2, crossSize[op] / 2) : (cx, cy, crossSize[op] / 2, rankSize[op] / 2);
        }

        // An edge runs along its node's cross line inside a band and turns only in the gaps between bands, so it
        // never passes through another node.
        var edges = new double[_edgeFrom.Length][];
        var points = new List<double>();
        for (var e = 0; e < edges.Length; e++)
        {
            points.Clear();
            var u = _edgeFrom[e];
            var target = _edgeTo[e];
            Add(points, ToXy(RankCentre(u) + rankSize[u] / 2, cross[u]));
            var straight = _chainStart[e] == _chainStart[e + 1] && _rank[target] - _rank[u] > 1;
            if (!straight)
                Add(points, ToXy(bandEnd[_rank[u]], cross[u]));
            for (var d = _chainStart[e]; d < _chainStart[e + 1]; d++)
            {
                var dummy = _chain[d];
                Add(points, ToXy(bandStart[_rank[dummy]], cross[dummy]));
                Add(points, ToXy(bandEnd[_rank[dummy]], cross[dummy]));
            }
            if (!straight)
                Add(points, ToXy(bandStart[_rank[target]], cross[target]));
            Add(points, ToXy(RankCentre(target) - rankSize[target] / 2, cross[target]));
            edges[e] = [.. points];
        }

        var (width, height) = ToXy(rankExtent, crossExtent);
        return new GraphLayout { Width = width, Height = height, Values = values, Ops = ops, Edges = edges };
    }

    /// <summary>Adds a point unless it repeats the last one (a zero-length last segment would turn the arrowhead).</summary>
    private static void Add(List<double> points, (double X, double Y) p)
    {
        var n = points.Count;
        if (n >= 2 && points[n - 2] == p.X && points[n - 1] == p.Y)
            return;
        points.Add(p.X);
        points.Add(p.Y);
    }

    /// <summary>One pass over the layers: each node wants to sit at the mean cross position of its neighbours in the
    /// layer just placed (or where it is, if it has none); the layer then takes the mean of a left-to-right and a
    /// right-to-left placement that both keep every gap, so the result keeps them too.</summary>
    private void PlaceLayers(double[] cross, double[] size, double[] scratch, int[] start, int[] neighbours,
        bool downwards, bool firstPass)
    {
        for (var step = 0; step < _layerCount; step++)
        {
            var r = downwards ? step : _layerCount - 1 - step;
            var first = _layerStart[r];
            var count = _layerStart[r + 1] - first;
            var desired = scratch.AsSpan(0, count);
            var left = scratch.AsSpan(count, count);
            var right = scratch.AsSpan(2 * count, count);
            for (var k = 0; k < count; k++)
            {
                var v = _layerNodes[first + k];
                var m = start[v + 1] - start[v];
                if (m == 0)
                {
                    desired[k] = firstPass ? double.NaN : cross[v];
                    continue;
                }
                var sum = 0.0;
                for (var j = start[v]; j < start[v + 1]; j++)
                    sum += cross[neighbours[j]];
                desired[k] = sum / m;
            }
            FillGaps(desired, first, size);

            left[0] = desired[0];
            for (var k = 1; k < count; k++)
                left[k] = Math.Max(desired[k], left[k - 1] + Gap(first + k - 1, size));
            right[count - 1] = desired[count - 1];
            for (var k = count - 2; k >= 0; k--)
                right[k] = Math.Min(desired[k], right[k + 1] - Gap(first + k, size));
            for (var k = 0; k < count; k++)
                cross[_layerNodes[first + k]] = (left[k] + right[k]) / 2;
        }
    }

    /// <summary>Gives nodes with no wish (NaN) a position next to their neighbour in the layer.</summary>
    private void FillGaps(Span<double> desired, int first, double[] size)
    {
        for (var k = 1; k < desired.Length; k++)
        {
            if (double.IsNaN(desired[k]) && !double.IsNaN(desired[k - 1]))
                desired[k] = desired[k - 1] + Gap(first + k - 1, size);
        }
        if (desired.Length == 0 || !double.IsNaN(desired[0]))
            return;
        // Only a prefix is still unknown now; fill it backwards from the first known wish.
        var known = 0;
        while (known < desired.Length && double.IsNaN(desired[known]))
            known++;
        if (known == desired.Length)
        {
            desired[0] = 0;
            for (var k = 1; k < desired.Length; k++)
                desired[k] = desired[k - 1] + Gap(first + k - 1, size);
            return;
        }
        for (var k = known - 1; k >= 0; k--)
            desired[k] = desired[k + 1] - Gap(first + k, size);
    }

    /// <summary>The least distance between the centres of the nodes at layer slots <paramref name="slot"/> and
    /// slot + 1.</summary>
    private double Gap(int slot, double[] size)
    {
        var a = _layerNodes[slot];
        var b = _layerNodes[slot + 1];
        var separation = IsDummy(a) || IsDummy(b) ? DummySeparation : NodeSeparation;
        return (size[a] + size[b]) / 2 + separation;
    }
}
