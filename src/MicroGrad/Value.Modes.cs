namespace MicroGrad;

// Thread-local modes, as torch.no_grad() and torch.autograd.detect_anomaly(). Both are [ThreadStatic]: a scope
// opened before an `await` does not flow to the continuation if it resumes on another thread, so open and close
// them around synchronous code.
public sealed partial class Value
{
    [ThreadStatic]
    private static int t_noGradDepth;

    [ThreadStatic]
    private static int t_anomalyDepth;

    // Scopes of either kind open on any thread. Every op reads this one plain static first and looks at its own
    // thread's depths only when it is not 0, which saves a thread-local lookup per node in the usual case. A thread
    // raises its own depth before this count and lowers it after, so its own ops always see its scopes.
    private static int s_openScopes;

    internal static bool AnyScopeOpen => s_openScopes != 0;

    internal static bool NoGradActive => t_noGradDepth > 0;

    internal static bool AnomalyActive => t_anomalyDepth > 0;

    /// <summary>Turns anomaly checks off on this thread (for Autograd, which checks gradients itself) and returns what
    /// <see cref="ResumeAnomaly"/> needs to turn them back on.</summary>
    internal static int SuspendAnomaly()
    {
        var depth = t_anomalyDepth;
        t_anomalyDepth = 0;
        return depth;
    }

    internal static void ResumeAnomaly(int depth) => t_anomalyDepth = depth;

    /// <summary>
    /// Opens a scope, on this thread, in which operations compute <see cref="Data"/> but record no graph: every
    /// result is a leaf (as inside <c>torch.no_grad()</c>). Dispose the returned object to close it; scopes nest. It
    /// applies to <see cref="Tensor"/> ops too.
    /// </summary>
    /// <remarks>The scope is thread-local and does not flow across <c>await</c>.</remarks>
    public static IDisposable NoGrad() => new Scope(anomaly: false);

    /// <summary>
    /// Opens a scope, on this thread, in which the first forward or backward value that becomes NaN or ±∞ throws an
    /// <see cref="ArithmeticException"/> naming the op and the labels of its operands (as
    /// <c>torch.autograd.detect_anomaly()</c>). Outside it, NaN and ∞ propagate silently as IEEE 754 says. It applies to
    /// <see cref="Tensor"/> ops too, whose messages name the first bad element's row and column.
    /// </summary>
    /// <remarks>The scope is thread-local and does not flow across <c>await</c>. It costs a check per op.</remarks>
    public static IDisposable DetectAnomaly() => new Scope(anomaly: true);

    // An open scope of either kind. A thread raises its own depth before the shared count and lowers it after.
    private sealed class Scope : IDisposable
    {
        private readonly bool _anomaly;
        private bool _open = true;

        public Scope(bool anomaly)
        {
            _anomaly = anomaly;
            Depth(anomaly)++;
            Interlocked.Increment(ref s_openScopes);
        }

        public void Dispose()
        {
            // Closing twice must not close an enclosing scope.
            if (!_open)
                return;
            _open = false;
            Depth(_anomaly)--;
            Interlocked.Decrement(ref s_openScopes);
        }

        private static ref int Depth(bool anomaly) => ref anomaly ? ref t_anomalyDepth : ref t_noGradDepth;
    }
}
