namespace Ledger.Daemon.Hosting;

/// <summary>Records a fatal failure (fsync, journal I/O) so Program exits non-zero after the host stops.</summary>
/// <remarks>On .NET 10 a BackgroundService failure does not change the exit code by itself (STYLE.md).</remarks>
internal sealed class FatalErrorSignal(Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime)
{
    private Exception? _error;

    public Exception? Error => Volatile.Read(ref _error);

    /// <summary>Remembers the first fatal error and asks the host to stop.</summary>
    public void Raise(Exception error)
    {
        Interlocked.CompareExchange(ref _error, error, null);
        lifetime.StopApplication();
    }
}
