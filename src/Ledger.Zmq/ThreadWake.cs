using System.Diagnostics;
using System.Runtime.InteropServices;
using Ledger.Zmq.Native;

namespace Ledger.Zmq;

/// <summary>
/// Wakes one thread that blocks waiting for it, without holding a lock that thread needs: an eventfd on Linux, a
/// semaphore elsewhere. (<see cref="WakeSignal"/> is the kind a thread polls beside its sockets.) A set before a wait
/// makes that wait return at once, so a set is never lost; a wait may also return with nothing to do (a set meant
/// for an earlier wait), and the waiter checks its condition again.
/// </summary>
/// <remarks>
/// Why not <see cref="Monitor.PulseAll"/>: a pulse is sent while holding the monitor, and the woken thread, often run
/// at once on the setter's core, finds the monitor still held, sleeps on it, and is woken a second time when the
/// setter leaves. The daemon's journal thread was woken 1.65 times per message sent one at a time that way (four for
/// one after idle; `perf sched`, docs/PERFORMANCE.md twentieth session), preempting the receive thread that also
/// sends the acks. An eventfd's write holds nothing the waiter needs.
/// </remarks>
public sealed class ThreadWake : IDisposable
{
    private const int Eintr = 4;

    private readonly EventFdHandle? _eventFd;
    private readonly SemaphoreSlim? _semaphore;

    public ThreadWake()
    {
        if (!OperatingSystem.IsLinux())
        {
            _semaphore = new SemaphoreSlim(0);
            return;
        }
        // Blocking (no EFD_NONBLOCK): a read waits until a set, then takes every set so far at once.
        _eventFd = EventFd.Create(EventFd.CloseOnExec);
        if (_eventFd.IsInvalid)
        {
            throw new IOException($"eventfd(2) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Wakes the waiting thread, or makes its next wait return at once; call after leaving the lock. After <see cref="Dispose"/> it does nothing.</summary>
    public void Set()
    {
        if (_semaphore is not null)
        {
            _semaphore.Release();
            return;
        }
        try
        {
            // Fails only at the counter's maximum (2^64 - 2 sets unread), when a wait returns at once anyway.
            EventFd.AddOne(_eventFd!);
        }
        catch (ObjectDisposedException)
        {
            // Disposed once the waiter had stopped: nobody is left to wake.
        }
    }

    /// <summary>Blocks until a set (any since the last wait returned counts); the caller then checks its condition.</summary>
    public void Wait()
    {
        if (_semaphore is not null)
        {
            _semaphore.Wait();
            return;
        }
        while (EventFd.Take(_eventFd!) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr)
            {
                throw new IOException($"read of an eventfd failed: errno {errno}");
            }
        }
    }

    /// <summary>
    /// Blocks until a set (any since the last wait returned counts) or until <paramref name="timeout"/> passes, to
    /// within the kernel's timer slack (~50 µs), not whole milliseconds.
    /// </summary>
    /// <returns>True when a set ended the wait (the caller checks its condition), false when the time ran out.</returns>
    public bool Wait(TimeSpan timeout)
    {
        if (_semaphore is not null)
        {
            return _semaphore.Wait(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout);
        }
        var end = Stopwatch.GetTimestamp() + (long)(Math.Max(0, timeout.TotalSeconds) * Stopwatch.Frequency);
        while (true)
        {
            var ready = EventFd.WaitReadable(_eventFd!, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end));
            if (ready == 0)
            {
                return false;
            }
            if (ready > 0)
            {
                // Readable: the read takes every set so far and does not block (this thread is the only reader).
                Wait();
                return true;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr)
            {
                throw new IOException($"ppoll(2) on an eventfd failed: errno {errno}");
            }
        }
    }

    public void Dispose()
    {
        _eventFd?.Dispose();
        _semaphore?.Dispose();
    }
}
