namespace MicroGrad.Cli.Training;

/// <summary>An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, at once (unlike
/// <see cref="Progress{T}"/>, which posts to a synchronisation context and may run the handler later).</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
