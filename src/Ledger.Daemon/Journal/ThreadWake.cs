using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Daemon.Journal;

/// <summary>
/// Wakes one waiting thread without holding a lock it needs: an eventfd on Linux, a semaphore elsewhere. Sets before
/// a wait make that wait return at once, so a set is never lost; a wait may also return with nothing to do (a set
/// meant for an earlier wait), and the waiter checks its condition again.
/// </summary>
/// <remarks>
/// Why not <see cref="Monitor.PulseAll"/>: a pulse is sent while holding the monitor, and the woken thread, often run
/// at once on the setter's core, finds the monitor still held, sleeps on it, and is woken a second time when the
/// setter leaves. For the journal thread that was 1.65 wake-ups per message sent one at a time (four for one after
/// idle, `perf sched`, twentieth session), and the thread it preempted was the receive thread, which also sends the
/// acks. An eventfd's write holds nothing the waiter needs.
/// </remarks>
internal sealed partial class ThreadWake : IDisposable
{
    private const int EfdCloExec = 0x80000;
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
        _eventFd = EventFd(0, EfdCloExec);
        if (_eventFd.IsInvalid)
        {
            throw new IOException($"eventfd(2) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Wakes the waiting thread, or makes its next wait return at once; call after leaving the lock.</summary>
    public void Set()
    {
        if (_semaphore is not null)
        {
            _semaphore.Release();
            return;
        }
        ulong one = 1;
        try
        {
            // Fails only at the counter's maximum (2^64 - 2 sets unread), when a wait returns at once anyway.
            Write(_eventFd!, in one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Disposed once the waiter had stopped: nobody is left to wake.
        }
    }

    /// <summary>Blocks until a set (one since the last wait returned counts); the caller then checks its condition.</summary>
    public void Wait()
    {
        if (_semaphore is not null)
        {
            _semaphore.Wait();
            return;
        }
        ulong count = 0;
        while (Read(_eventFd!, ref count, sizeof(ulong)) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Eintr)
            {
                throw new IOException($"read of an eventfd failed: errno {errno}");
            }
        }
    }

    public void Dispose()
    {
        _eventFd?.Dispose();
        _semaphore?.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial EventFdHandle EventFd(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(EventFdHandle fd, in ulong value, nuint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(EventFdHandle fd, ref ulong value, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseDescriptor(nint fd);

    /// <summary>The eventfd, closed once no call is using it (SafeHandle's reference count) and by the finalizer if never disposed.</summary>
    private sealed class EventFdHandle : SafeHandleMinusOneIsInvalid
    {
        public EventFdHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle() => CloseDescriptor(handle) == 0;
    }
}
