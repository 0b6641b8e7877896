namespace Ledger.Daemon.Hosting;

/// <summary>Live counters for /health and /metrics; written by the pipeline threads, read by HTTP.</summary>
internal sealed class IngestCounters
{
    private long _received;
    private long _persisted;
    private long _rejected;
    private long _duplicates;
    private long _lastSequence;
    private long _batches;
    private long _queueDepth;
    private long _refusedHandshakes;
    private readonly WaitClock[] _waits = Array.ConvertAll(Enum.GetValues<PipelineWait>(), _ => new WaitClock());

    /// <summary>Upper bounds (ms) of the fsync latency histogram buckets.</summary>
    public static readonly double[] FsyncBucketsMs = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000];

    /// <summary>Upper bounds (messages) of the batch size histogram buckets.</summary>
    public static readonly double[] BatchBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536];

    public Histogram FsyncLatencyMs { get; } = new(FsyncBucketsMs);
    public Histogram BatchSize { get; } = new(BatchBuckets);

    /// <summary>Per source (pull, sub, router): persisted, rejected, duplicates.</summary>
    public long[] PersistedBySource { get; } = new long[3];
    public long[] RejectedBySource { get; } = new long[3];
    public long[] DuplicatesBySource { get; } = new long[3];

    public DateTime StartedAt { get; } = DateTime.UtcNow;
    public long Received => Interlocked.Read(ref _received);
    public long Persisted => Interlocked.Read(ref _persisted);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long LastSequence => Interlocked.Read(ref _lastSequence);
    public long Batches => Interlocked.Read(ref _batches);
    public long QueueDepth => Interlocked.Read(ref _queueDepth);
    public long JournalBytes { get; set; }
    public long RefusedHandshakes => Interlocked.Read(ref _refusedHandshakes);

    public void AddRefusedHandshake() => Interlocked.Increment(ref _refusedHandshakes);

    /// <summary>The clock of one kind of wait; only the thread that waits that way calls its Begin and End.</summary>
    public WaitClock ClockOf(PipelineWait wait) => _waits[(int)wait];

    public void AddReceived(int count)
    {
        Interlocked.Add(ref _received, count);
        Interlocked.Add(ref _queueDepth, count);
    }

    /// <summary>Records one durable batch (after its fsync).</summary>
    public void AddCommitted(int received, int persisted, int rejected, int duplicates, long lastSequence, int[] persistedBySource, int[] rejectedBySource, int[] duplicatesBySource)
    {
        Interlocked.Add(ref _queueDepth, -received);
        Interlocked.Add(ref _persisted, persisted);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Exchange(ref _lastSequence, lastSequence);
        Interlocked.Increment(ref _batches);
        for (var i = 0; i < 3; i++)
        {
            Interlocked.Add(ref PersistedBySource[i], persistedBySource[i]);
            Interlocked.Add(ref RejectedBySource[i], rejectedBySource[i]);
            Interlocked.Add(ref DuplicatesBySource[i], duplicatesBySource[i]);
        }
    }

    public void SetLastSequence(long sequence) => Interlocked.Exchange(ref _lastSequence, sequence);
}
