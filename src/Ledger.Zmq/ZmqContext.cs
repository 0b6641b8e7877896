using Ledger.Zmq.Native;

namespace Ledger.Zmq;

/// <summary>A libzmq context: thread-safe, owns the I/O threads, creates sockets.</summary>
/// <remarks>
/// Shutdown order (binding brief §2): <see cref="Shutdown"/> makes every blocked call on every socket return ETERM;
/// each owning thread then closes its socket; <see cref="Dispose"/> (zmq_ctx_term) waits for those closes. BLOCKY is
/// off so a forgotten linger can never hang the process at exit.
/// </remarks>
public sealed class ZmqContext : IDisposable
{
    private const int IoThreadsOption = 1;
    private const int BlockyOption = 70;
    private nint _handle;
    private int _shutdown;

    public ZmqContext(int ioThreads = 1)
    {
        ZmqNativeResolver.Install();
        _handle = LibZmq.zmq_ctx_new();
        if (_handle == 0)
        {
            throw ZmqException.FromLastError("zmq_ctx_new");
        }
        LibZmq.zmq_ctx_set(_handle, BlockyOption, 0);
        if (ioThreads != 1)
        {
            LibZmq.zmq_ctx_set(_handle, IoThreadsOption, ioThreads);
        }
    }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(ZmqContext));

    /// <summary>The loaded libzmq version, e.g. (4, 3, 4).</summary>
    public static (int Major, int Minor, int Patch) Version
    {
        get
        {
            ZmqNativeResolver.Install();
            LibZmq.zmq_version(out var major, out var minor, out var patch);
            return (major, minor, patch);
        }
    }

    /// <summary>True when libzmq was built with a capability ("curve", "ipc", ...).</summary>
    public static bool Has(string capability)
    {
        ZmqNativeResolver.Install();
        return LibZmq.zmq_has(capability) == 1;
    }

    /// <summary>Creates a socket; it must be used and closed by one thread only.</summary>
    public ZmqSocket CreateSocket(ZmqSocketType type) => new(this, type);

    /// <summary>Wakes every blocked call on this context's sockets with ETERM; idempotent.</summary>
    public void Shutdown()
    {
        if (_handle != 0 && Interlocked.Exchange(ref _shutdown, 1) == 0)
        {
            LibZmq.zmq_ctx_shutdown(_handle);
        }
    }

    /// <summary>Terminates the context: blocks until every socket is closed.</summary>
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle == 0)
        {
            return;
        }
        while (LibZmq.zmq_ctx_term(handle) != 0)
        {
            if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != ZmqErrors.EINTR)
            {
                break;
            }
        }
    }
}
