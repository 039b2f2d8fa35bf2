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
}
