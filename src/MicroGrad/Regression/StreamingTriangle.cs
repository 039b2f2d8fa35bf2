namespace MicroGrad.Regression;

/// <summary>
/// The one-pass reduction of a streamed fit: rows arrive in blocks; the first block's means become the shift s
/// (and s_y), every row [1 | x − s | y − s_y] goes into a <see cref="TsqrAccumulator"/>, and
/// <see cref="ColumnStatistics.ShiftedMoments"/> gives each column's mean and population standard deviation without a
/// second pass.
/// </summary>
/// <remarks>
/// <para><see cref="Add"/> feeds rows into one triangle in order (the cached gradient-descent fit).
/// <see cref="AddChunk"/> treats each chunk as a partition: its own triangle, reduced on a worker when more than one
/// thread is allowed, and the chunk triangles are merged into <see cref="Accumulator"/> in chunk order by
/// <see cref="TsqrAccumulator.AddTriangle"/> (the TSQR merge). Every chunk uses the first chunk's shift, so no
/// re-shift is needed, and each chunk's triangle and the merge sequence are the same arithmetic whatever the thread
/// count: the result is bit-identical for 1 or N threads. The moments are summed on the calling thread, in row
/// order, as before.</para>
/// <para>At most <c>threads</c> chunks are in flight, each in its own buffer (the reader reuses its buffer), so
/// memory stays O(threads·chunk); a buffer returns to the pool when its triangle has been merged.</para>
/// </remarks>
internal sealed class StreamingTriangle(int k, bool centre) : IDisposable
{
    private readonly ColumnStatistics.ShiftedMoments _moments = new(k);
    private readonly double[] _row = new double[LeastSquares.AccumulatorColumns(k, centre)];
    private readonly Queue<(Task<double[]> Triangle, double[] Buffer, int Rows)> _pending = new();
    private readonly Stack<double[]> _buffers = new();
    private bool _shiftSet;

    public TsqrAccumulator Accumulator { get; private set; } = new(LeastSquares.AccumulatorColumns(k, centre));

    public double[] Shift => _moments.Shift;

    public double YShift { get; private set; }

    /// <summary>Feeds m rows: features row-major (k wide) in <paramref name="x"/>, targets in <paramref name="y"/>.</summary>
    public void Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (y.IsEmpty)
            return;
        if (!_shiftSet && centre)
        {
            _moments.SetShift(x, k);
            YShift = ColumnStatistics.Mean(y);
        }
        _shiftSet = true;
        for (var i = 0; i < y.Length; i++)
        {
            _moments.Add(x.Slice(i * k, k));
            LeastSquares.AccumulatorRow(x.Slice(i * k, k), y[i], centre, Shift, YShift, _row);
            Accumulator.Add(_row);
        }
    }

    /// <summary>Feeds one chunk of rows <paramref name="width"/> = k + 1 wide (features, then the target) as a
    /// partition: its triangle is reduced on a worker when <paramref name="threads"/> &gt; 1 (at most that many chunks
    /// in flight), else here, and merged in chunk order. <paramref name="values"/> may be reused once this returns.</summary>
    public void AddChunk(ReadOnlySpan<double> values, int width, int threads)
    {
        if (values.Length < width)
            return;
        if (!_shiftSet && centre)
        {
            _moments.SetShift(values, width);
            YShift = ColumnStatistics.Mean(values, k, width);
        }
        _shiftSet = true;
        var rows = values.Length / width;
        for (var i = 0; i < rows; i++)
            _moments.Add(values.Slice(i * width, k));
        if (threads <= 1)
        {
            Merge(ChunkTriangle(values, width), rows);
            return;
        }
        while (_pending.Count >= threads)
            MergeOldest();
        var buffer = _buffers.TryPop(out var free) && free.Length >= values.Length ? free : new double[values.Length];
        values.CopyTo(buffer);
        var length = values.Length;
        _pending.Enqueue((Task.Run(() => ChunkTriangle(buffer.AsSpan(0, length), width)), buffer, rows));
    }

    /// <summary>Merges the chunks still in flight; then <see cref="Accumulator"/> holds every row.</summary>
    public TsqrAccumulator Complete()
    {
        while (_pending.Count > 0)
            MergeOldest();
        return Accumulator;
    }

    /// <summary>Waits for the chunks in flight (after a parse error, say), so that no worker outlives the fit.</summary>
    public void Dispose()
    {
        while (_pending.TryDequeue(out var chunk))
        {
            // The error that ended the fit is the one to report; a worker's (if any) would be a consequence of it.
            try
            {
                chunk.Triangle.Wait();
            }
            catch (AggregateException)
            {
            }
        }
    }

    private void MergeOldest()
    {
        var (triangle, buffer, rows) = _pending.Dequeue();
        Merge(triangle.GetAwaiter().GetResult(), rows);
        _buffers.Push(buffer);
    }

    private void Merge(double[] r, int rows)
    {
        if (Accumulator.Rows == 0)
            Accumulator = TsqrAccumulator.FromTriangle(Accumulator.Columns, r, rows);
        else
            Accumulator.AddTriangle(r, rows);
    }

    /// <summary>The triangle of one chunk's rows [1 | x − s | y − s_y] (a fresh accumulator: safe on any thread).</summary>
    private double[] ChunkTriangle(ReadOnlySpan<double> values, int width)
    {
        var acc = new TsqrAccumulator(LeastSquares.AccumulatorColumns(k, centre));
        var row = new double[acc.Columns];
        for (var i = 0; i + width <= values.Length; i += width)
        {
            LeastSquares.AccumulatorRow(values.Slice(i, k), values[i + k], centre, Shift, YShift, row);
            acc.Add(row);
        }
        return acc.R();
    }

    /// <summary>Column j's mean.</summary>
    public double Mean(int j) => _moments.Mean(j);

    /// <summary>Column j's population standard deviation.</summary>
    public double StandardDeviation(int j) => _moments.StandardDeviation(j);
}
