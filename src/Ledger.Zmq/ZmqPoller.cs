using System.Runtime.InteropServices;
using Ledger.Zmq.Native;

namespace Ledger.Zmq;

/// <summary>zmq_poll over a fixed set of sockets, for the one thread that owns them.</summary>
/// <remarks>
/// zmq_pollitem_t is 16 bytes on Unix (int fd) and 24 on Windows (64-bit SOCKET), so the items live in a native
/// buffer laid out for the running OS rather than in a managed struct with one fixed layout.
/// </remarks>
public sealed unsafe class ZmqPoller : IDisposable
{
    private const short PollIn = 1;
    private static readonly int s_itemSize = OperatingSystem.IsWindows() ? 24 : 16;
    private static readonly int s_eventsOffset = OperatingSystem.IsWindows() ? 16 : 12;
    private readonly List<ZmqSocket> _sockets = [];
    private byte* _items;

    /// <summary>Adds a socket to poll for input; returns its index for <see cref="IsReadable"/>.</summary>
    public int Add(ZmqSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _sockets.Add(socket);
        var items = (byte*)NativeMemory.AllocZeroed((nuint)(_sockets.Count * s_itemSize));
        if (_items != null)
        {
            Buffer.MemoryCopy(_items, items, (_sockets.Count - 1) * s_itemSize, (_sockets.Count - 1) * s_itemSize);
            NativeMemory.Free(_items);
        }
        _items = items;
        var item = _items + ((_sockets.Count - 1) * s_itemSize);
        *(nint*)item = socket.Handle;
        *(short*)(item + s_eventsOffset) = PollIn;
        return _sockets.Count - 1;
    }

    /// <summary>Waits until a socket is readable or the timeout passes (-1 = forever); returns the number ready.</summary>
    /// <remarks>
    /// 0 means the timeout really passed. A signal interrupts the wait with EINTR — SIGCHLD when any child process
    /// of this one exits, for instance — and the wait then goes on for the time that is left. Reporting EINTR as 0
    /// made the bench take a sender's exit for "10 s of silence" and abort with messages still arriving.
    /// </remarks>
    /// <exception cref="ZmqException">ETERM after context shutdown.</exception>
    public int Poll(int timeoutMs)
    {
        if (_items == null)
        {
            throw new InvalidOperationException("no sockets to poll");
        }
        var deadline = timeoutMs > 0 ? Environment.TickCount64 + timeoutMs : 0;
        while (true)
        {
            var ready = LibZmq.zmq_poll(_items, _sockets.Count, new CLong(timeoutMs));
            if (ready >= 0)
            {
                return ready;
            }
            var error = Marshal.GetLastPInvokeError();
            if (error != ZmqErrors.EINTR)
            {
                throw new ZmqException("zmq_poll", error);
            }
            if (timeoutMs > 0)
            {
                timeoutMs = (int)Math.Max(0, deadline - Environment.TickCount64);
            }
        }
    }

    /// <summary>True when the socket at <paramref name="index"/> had input at the last <see cref="Poll"/>.</summary>
    public bool IsReadable(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _sockets.Count);
        return (*(short*)(_items + (index * s_itemSize) + s_eventsOffset + 2) & PollIn) != 0;
    }

    public void Dispose()
    {
        if (_items != null)
        {
            NativeMemory.Free(_items);
            _items = null;
        }
    }
}
