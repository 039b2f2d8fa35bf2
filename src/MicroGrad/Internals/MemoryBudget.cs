using static System.FormattableString;

namespace MicroGrad;

/// <summary>How much memory this process may use in total, asked one way wherever a size is checked before allocating
/// (a tensor's output, a network, a training step, a history), and how a message writes such a size.</summary>
/// <remarks>The budget is the most the garbage collector may ever use, not what is still free: a size above it can
/// never be allocated, so refusing it early is always right; a size below it may still fail if memory is already in
/// use, which these checks do not try to predict.</remarks>
internal static class MemoryBudget
{
    // A test's budget, for its own async flow only: tests running in parallel each see their own (or none).
    private static readonly AsyncLocal<long?> s_limit = new();

    /// <summary>The memory the garbage collector may use in total (the machine's, or a container's or
    /// <c>DOTNET_GCHeapHardLimit</c>'s limit), in bytes; not what is still free. Within a <see cref="Limit"/> scope,
    /// that scope's budget.</summary>
    public static long AvailableBytes => s_limit.Value ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>For tests: makes <see cref="AvailableBytes"/> <paramref name="bytes"/> on this async flow (this thread
    /// and the tasks and awaits it starts) until the returned scope is disposed, which restores the previous budget.
    /// Other tests, running in parallel on other flows, are not affected.</summary>
    internal static IDisposable Limit(long bytes)
    {
        System.Diagnostics.Debug.Assert(bytes >= 0, "a budget is a number of bytes");
        var scope = new LimitScope(s_limit.Value);
        s_limit.Value = bytes;
        return scope;
    }

    /// <summary><c>59.6 GB</c>: binary gigabytes, one decimal.</summary>
    public static string Gigabytes(double bytes) => Invariant($"{bytes / (1L << 30):#,0.#} GB");

    private sealed class LimitScope(long? previous) : IDisposable
    {
        public void Dispose() => s_limit.Value = previous;
    }
}
