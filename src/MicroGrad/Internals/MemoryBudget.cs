using static System.FormattableString;

namespace MicroGrad;

/// <summary>How much memory the process may still use, asked one way wherever a size is checked before allocating
/// (a tensor's output, a network, a training step, a history), and how a message writes such a size.</summary>
internal static class MemoryBudget
{
    /// <summary>The memory the garbage collector may use (the machine's, or a container's or
    /// <c>DOTNET_GCHeapHardLimit</c>'s limit), in bytes.</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary><c>59.6 GB</c>: binary gigabytes, one decimal.</summary>
    public static string Gigabytes(double bytes) => Invariant($"{bytes / (1L << 30):#,0.#} GB");
}
