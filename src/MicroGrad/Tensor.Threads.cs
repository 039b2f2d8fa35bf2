namespace MicroGrad;

public sealed partial class Tensor
{
    private static int s_threads = Environment.ProcessorCount;

    /// <summary>How many threads the tensor kernels may use (process-wide; default
    /// <see cref="Environment.ProcessorCount"/>). Results are bit-identical for every value: work is cut into blocks
    /// of rows whose size does not depend on it, and sums over rows (a weight's gradient) add their blocks' partial
    /// sums in block order. Only large work is spread over threads (a product of about a million multiply-adds or more, an
    /// elementwise pass of 131,072 elements or more); small work, such as a mini-batch's, always runs on the calling
    /// thread.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public static int Threads
    {
        get => Volatile.Read(ref s_threads);
        set
        {
            if (value < 1)
                MicroGradThrow.ArgumentOutOfRange(nameof(value), value, "at least 1 thread");
            Volatile.Write(ref s_threads, value);
        }
    }

    /// <summary>Rows per block of a row-parallel pass over <paramref name="columns"/> columns: about
    /// 16,384 elements a block, whatever the thread count.</summary>
    internal static int RowsPerBlock(int columns) => Math.Max(1, ElementBlock / columns);

    /// <summary>Runs <paramref name="body"/>(start, end) over the rows [0, <paramref name="rows"/>) in blocks of
    /// <see cref="RowsPerBlock"/> rows, spread over <see cref="Threads"/> when <paramref name="work"/> (in elements of a
    /// plain pass) reaches <see cref="ParallelElements"/>, otherwise in one call. For passes where each row's results
    /// depend on that row only, so any split gives the same bits.</summary>
    /// <remarks>The state is passed through rather than captured, so that a small pass (one call on this thread)
    /// allocates nothing.</remarks>
    internal static void ForEachRowBlock<TState>(int rows, int columns, long work, TState state, Action<TState, int, int> body)
    {
        var threads = Threads;
        var perBlock = RowsPerBlock(columns);
        var blocks = (rows + perBlock - 1) / perBlock;
        if (threads == 1 || blocks == 1 || work < ParallelElements)
        {
            body(state, 0, rows);
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            block => body(state, block * perBlock, Math.Min(rows, (block + 1) * perBlock)));
    }
}
