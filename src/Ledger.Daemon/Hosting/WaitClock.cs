using System.Diagnostics;

namespace Ledger.Daemon.Hosting;

/// <summary>
/// Adds up the time one thread spends in one kind of wait, counting a wait still in progress, for /metrics.
/// </summary>
/// <remarks>
/// Counting only finished waits would credit a long idle spell to the moment it ends: the bench's before/after
/// difference over a run then took in the idle time before the run. With the wait in progress counted, a reader
/// and the waiting thread can cross mid-update, which without care gives a total that goes down on the next read
/// (a Prometheus counter must not). A sequence number makes each read see the start and the total of the same
/// moment (a seqlock, the version odd while the fields change): one writer, the thread that waits; readers retry
/// while it is mid-update.
/// </remarks>
internal sealed class WaitClock
{
    private long _version;
    private long _started;
    private long _finishedTicks;

    /// <summary>The waiting thread is about to block.</summary>
    public void Begin()
    {
        Interlocked.Increment(ref _version);
        Volatile.Write(ref _started, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _version);
    }

    /// <summary>The waiting thread is running again.</summary>
    public void End()
    {
        // The clock is read inside the odd window, after any reader's own reading of it: a reader that saw the wait
        // in progress measured it up to an earlier moment than the total it becomes here.
        Interlocked.Increment(ref _version);
        Volatile.Write(ref _finishedTicks, _finishedTicks + (Stopwatch.GetTimestamp() - _started));
        Volatile.Write(ref _started, 0);
        Interlocked.Increment(ref _version);
    }

    /// <summary>The time spent waiting so far, the wait in progress included; never less than an earlier read.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            var spinner = new SpinWait();
            while (true)
            {
                var version = Volatile.Read(ref _version);
                var started = Volatile.Read(ref _started);
                var finished = Volatile.Read(ref _finishedTicks);
                var now = Stopwatch.GetTimestamp();
                // The reads above, the clock's among them, must all happen before the version is read again.
                Interlocked.MemoryBarrier();
                if ((version & 1) == 0 && Volatile.Read(ref _version) == version)
                {
                    var ticks = finished + (started == 0 ? 0 : now - started);
                    return TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
                }
                spinner.SpinOnce();
            }
        }
    }
}
