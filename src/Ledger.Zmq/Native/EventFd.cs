using System.Runtime.InteropServices;

namespace Ledger.Zmq.Native;

/// <summary>eventfd(2) and the reads and writes of its 8-byte counter (Linux); used by <see cref="WakeSignal"/> and <see cref="ThreadWake"/>.</summary>
internal static partial class EventFd
{
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;

    /// <summary>A new eventfd with counter 0; check <see cref="SafeHandle.IsInvalid"/> (errno in the last P/Invoke error).</summary>
    public static EventFdHandle Create(int flags) => Create(0, flags);

    /// <summary>Adds 1 to the counter (wakes a reader); -1 on error.</summary>
    public static nint AddOne(EventFdHandle handle)
    {
        ulong one = 1;
        return Write(handle, in one, sizeof(ulong));
    }

    /// <summary>Reads and zeroes the counter (blocking unless made <see cref="NonBlocking"/>); -1 on error (EAGAIN when non-blocking and zero).</summary>
    public static nint Take(EventFdHandle handle)
    {
        ulong count = 0;
        return Read(handle, ref count, sizeof(ulong));
    }

    /// <summary>
    /// Waits until the counter is non-zero (readable) or <paramref name="timeout"/> passes: 1 when readable, 0 on
    /// timeout, -1 on error (errno in the last P/Invoke error; EINTR on a signal).
    /// </summary>
    public static unsafe int WaitReadable(EventFdHandle handle, TimeSpan timeout)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = new PollNative.PollFd { Fd = (int)handle.DangerousGetHandle(), Events = PollNative.PollIn };
            var wait = PollNative.TimeSpec.From(timeout);
            return PollNative.PPoll(&fd, 1, &wait, null);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial EventFdHandle Create(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(EventFdHandle fd, in ulong value, nuint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(EventFdHandle fd, ref ulong value, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(nint fd);
}
