using System.Runtime.InteropServices;

namespace Ledger.Zmq.Native;

/// <summary>poll(2) and ppoll(2) over file descriptors, for <see cref="ZmqSignalPoller"/> and <see cref="EventFd"/>.</summary>
internal static unsafe partial class PollNative
{
    /// <summary>POLLIN: data to read.</summary>
    public const short PollIn = 1;

    /// <summary>A <c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>A <c>struct timespec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;

        /// <summary>A non-negative <paramref name="duration"/> to the nanosecond (ticks are 100 ns).</summary>
        public static TimeSpec From(TimeSpan duration)
        {
            var ticks = Math.Max(0, duration.Ticks);
            return new TimeSpec { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100 };
        }
    }

    /// <summary>ppoll(2) (Linux, the BSDs): the timeout to the nanosecond; -1 with errno on error.</summary>
    [LibraryImport("libc", EntryPoint = "ppoll", SetLastError = true)]
    public static partial int PPoll(PollFd* fds, nuint count, TimeSpec* timeout, void* signalMask);

    /// <summary>poll(2): the timeout in whole milliseconds; -1 with errno on error.</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);
}
