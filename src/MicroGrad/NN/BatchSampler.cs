namespace MicroGrad.NN;

/// <summary>
/// Draws the rows of each mini-batch step (<see cref="Trainer.Fit"/>): <c>batchSize</c> distinct rows of
/// [0, count), uniformly at random, in O(batchSize) time and without allocating. It keeps a permutation of the rows and
/// shuffles only its first positions per draw, a partial Fisher–Yates from the front: for i in 0 … B−1, swap position
/// i with position <c>i + NextInt(count − i)</c>. Whatever order the array is in, this picks each set of B rows with the
/// same probability, so the permutation carries over from draw to draw without being reset.
/// </summary>
internal sealed class BatchSampler
{
    private readonly int[] _rows;
    private readonly Rng _rng;

    /// <summary>A sampler over rows 0 … <paramref name="count"/> − 1 drawing from <paramref name="rng"/>.</summary>
    public BatchSampler(int count, Rng rng)
    {
        _rows = new int[count];
        for (var i = 0; i < count; i++)
            _rows[i] = i;
        _rng = rng;
    }

    /// <summary>The next batch of <paramref name="batchSize"/> distinct rows (1 ≤ batchSize ≤ count). The span is the
    /// sampler's own array: it is valid until the next draw.</summary>
    public ReadOnlySpan<int> Next(int batchSize)
    {
        var n = _rows.Length;
        for (var i = 0; i < batchSize; i++)
        {
            var j = i + _rng.NextInt(n - i);
            (_rows[i], _rows[j]) = (_rows[j], _rows[i]);
        }
        return _rows.AsSpan(0, batchSize);
    }
}
