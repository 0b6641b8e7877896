using System.Runtime.InteropServices;
using Ledger.Zmq.Native;

namespace Ledger.Zmq;

/// <summary>
/// A wake-up that any thread sets and one socket thread waits for beside its sockets, in its
/// <see cref="ZmqSignalPoller"/>: an eventfd on Linux, an inproc PUSH → PULL pair elsewhere.
/// </summary>
/// <remarks>
/// <para>
/// Sets coalesce: however many come before <see cref="Reset"/>, the poller sees one signal. The waiting thread calls
/// <see cref="Reset"/> when the poller says the signal is set, before it takes the work the setters left (a set
/// that races the reset then only causes one more wake-up, never a lost one).
/// </para>
/// <para>
/// Why not always the inproc pair: through libzmq a set cost the setter a lock, a send and libzmq's mailbox checks
/// (getpid, a poll of its command mailbox, the write that signals the receiver), and the woken thread about eight
/// syscalls to drain the PULL to EAGAIN; ~1.1 µs each on this project's bench VM. An eventfd costs one write and one
/// read. The daemon sets one after every group commit that owes acks, so a one-at-a-time acked client paid them on
/// every message.
/// </para>
/// </remarks>
public sealed class WakeSignal : IDisposable
{
    private static int s_next;

    private readonly EventFdHandle? _eventFd;
    private readonly ZmqSocket? _sender;
    private readonly ZmqFrame? _frame;
    private readonly object _sendLock = new();
    private bool _disposed;

    /// <param name="context">The context of the fallback's inproc sockets (not used where an eventfd is).</param>
    public WakeSignal(ZmqContext context)
        : this(context, useEventFd: OperatingSystem.IsLinux())
    {
    }

    /// <summary>Tests choose the fallback on Linux too.</summary>
    internal WakeSignal(ZmqContext context, bool useEventFd)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (useEventFd)
        {
            _eventFd = EventFd.Create(EventFd.NonBlocking | EventFd.CloseOnExec);
            if (_eventFd.IsInvalid)
            {
                throw new IOException($"eventfd(2) failed: errno {Marshal.GetLastPInvokeError()}");
            }
            return;
        }
        var endpoint = $"inproc://ledger-wake-{Environment.ProcessId}-{Interlocked.Increment(ref s_next)}";
        _sender = context.CreateSocket(ZmqSocketType.Push);
        _sender.Bind(endpoint);
        Receiver = context.CreateSocket(ZmqSocketType.Pull);
        Receiver.Connect(endpoint);
        _frame = new ZmqFrame();
    }

    /// <summary>True when this is an eventfd (<see cref="Descriptor"/>), false for the inproc fallback (<see cref="Receiver"/>).</summary>
    public bool IsEventFd => _eventFd is not null;

    /// <summary>The eventfd the poller waits on; only while <see cref="IsEventFd"/>.</summary>
    internal int Descriptor => (int)_eventFd!.DangerousGetHandle();

    /// <summary>The fallback's PULL, which the poller waits on and <see cref="Reset"/> drains; null for an eventfd.</summary>
    internal ZmqSocket? Receiver { get; }

    /// <summary>Sets the signal (any thread). After <see cref="Dispose"/> it does nothing: the waiter is gone.</summary>
    public void Set()
    {
        if (_eventFd is not null)
        {
            try
            {
                // EAGAIN would mean the counter is at its maximum: the signal is set either way.
                EventFd.AddOne(_eventFd);
            }
            catch (ObjectDisposedException)
            {
                // Disposed by the waiting thread as it stopped; the handle's reference count kept the fd from reuse.
            }
            return;
        }
        lock (_sendLock)
        {
            if (!_disposed)
            {
                // DONTWAIT: a full pipe means wake-ups are already queued, and one is all the waiter needs.
                _sender!.TrySend([], ZmqSendFlags.DontWait);
            }
        }
    }

    /// <summary>Clears the signal; only the waiting thread, after the poller reported it.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_eventFd is not null)
        {
            // Non-blocking: EAGAIN when nothing was set since the last reset (a spurious wake-up), which is fine.
            EventFd.Take(_eventFd);
            return;
        }
        // Drained to EAGAIN, which also re-arms the PULL's ZMQ_FD (see ZmqSignalPoller).
        while (_frame!.TryReceive(Receiver!, dontWait: true))
        {
        }
    }

    /// <summary>Closes the signal; on the waiting thread, once it no longer waits.</summary>
    public void Dispose()
    {
        lock (_sendLock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _sender?.Dispose();
        }
        Receiver?.Dispose();
        _frame?.Dispose();
        _eventFd?.Dispose();
    }
}
