using System.Runtime.InteropServices;

namespace Ledger.Daemon.Hosting;

/// <summary>Sleeps for sub-millisecond times, which <see cref="Thread.Sleep(TimeSpan)"/> rounds to whole milliseconds.</summary>
/// <remarks>
/// Commit pacing waits a few hundred microseconds at a time; rounded up to 1 ms it would stretch a 1,000 µs interval
/// to ~1.5 ms. On Linux this calls <c>clock_nanosleep(CLOCK_MONOTONIC)</c> (the kernel adds its 50 µs timer slack);
/// elsewhere it falls back to <see cref="Thread.Sleep(TimeSpan)"/>.
/// </remarks>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int Eintr = 4;

    /// <summary>Blocks the calling thread for about <paramref name="duration"/> (at least; never less).</summary>
    public static void For(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }
        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(duration);
            return;
        }
        var ticks = duration.Ticks;
        var request = new TimeSpec { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100 };
        // clock_nanosleep returns the error number instead of setting errno; a signal (EINTR) leaves the rest in
        // `remaining`, which is slept in turn.
        while (ClockNanosleep(ClockMonotonic, 0, in request, out var remaining) == Eintr)
        {
            request = remaining;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, in TimeSpec request, out TimeSpec remaining);
}
