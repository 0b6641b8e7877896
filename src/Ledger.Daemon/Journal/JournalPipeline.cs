using System.Collections.Concurrent;
using System.Diagnostics;
using Ledger.Core;
using Ledger.Core.Enrichment;
using Ledger.Core.Ingest;
using Ledger.Core.Journal;
using Ledger.Core.Records;
using Ledger.Core.Retention;
using Ledger.Daemon.Hosting;
using Ledger.Daemon.Options;
using Microsoft.Extensions.Options;

namespace Ledger.Daemon.Journal;

/// <summary>
/// The durable half of the daemon: inbound batches → process (decode, dedupe, enrich, serialize) → write + ONE fsync
/// per commit batch → acks. Two dedicated threads so serializing the next batch overlaps the current fsync: the
/// process thread runs <see cref="ProcessingLoop"/> (which lets the receive thread process a small batch itself while
/// it is idle), the journal thread <see cref="CommitLoop"/>. This type starts them, recovers and rotates the journal,
/// and stops.
/// </summary>
internal sealed partial class JournalPipeline : IDisposable
{
    private readonly DataDirectoryLayout _layout;
    private readonly JournalOptions _options;
    private readonly IngestCounters _counters;
    private readonly FatalErrorSignal _fatal;
    private readonly ILogger<JournalPipeline> _logger;
    private readonly IJournalFileSystem _fileSystem;
    private readonly MessageDecoder _decoder;
    private readonly MetadataEnricher _enricher;
    private readonly TimeProvider _time;
    private readonly BatchHandoff<InboundBatch> _inbound;
    private readonly CommitHandoff _commits;
    // Pooled buffers start at their working size: a full inbound batch (2,048 frames of ~1 KB) and a commit that
    // reached MaxCommitBytes plus the batch that took it over. A large array's pages become resident only when written,
    // so an idle daemon pays nothing for the room; grown by doubling from 64 KiB instead, a fresh daemon's first
    // million messages left ~60 MB of outgrown arrays for full collections to find (2-4 of them, and ~15 MB of peak
    // RSS; see docs/PERFORMANCE.md, tenth session).
    private const int InboundBatchBytes = 2 << 20;
    private const int InboundBatchFrames = 2048;

    // Inbound batches waiting for the process thread; when the disk falls behind, the receive thread blocks.
    private const int InboundQueueDepth = 4;

    // The batches in use at full load, all made in Start, before the host's start-up collection (nineteenth
    // session): made as a fresh daemon's first full-load run reached that depth instead, they, the commits' growth and
    // the chunk buffers (ProcessorOptions.ReservedBatchFrames) were ~45 MB of large objects, which set off a full
    // collection in most first 1 M runs (1-14 ms of pauses). Inbound: the queue, plus one being filled by the receive
    // thread, one being processed and one taken ahead. Commits: one being filled, one waiting full or offered, one
    // being written.
    private const int InboundBatchesInUse = InboundQueueDepth + 3;
    private const int CommitBatchesInUse = 3;

    // A commit that reached MaxCommitBytes plus the lines of the inbound batch that took it over: a line is about
    // twice its frame (the record's metadata), so a full batch's lines are ~2 × InboundBatchBytes. Room for only twice
    // MaxCommitBytes grew every commit buffer from 4 to 8 MiB in the first run. Capped where ByteBufferWriter.Clear
    // would shrink it again (a configured MaxCommitBytes may be far larger).
    private int CommitBatchBytes => (int)Math.Min(_options.MaxCommitBytes + 2L * InboundBatchBytes, 32 << 20);
    private readonly ConcurrentQueue<InboundBatch> _freeInbound = new();
    private readonly ConcurrentQueue<CommitBatch> _freeCommits = new();
    private DirectoryLock? _lock;
    private JournalWriter? _writer;
    private CommitLoop? _commitLoop;
    private ProcessingLoop? _processing;
    private RecordProcessor? _processor;
    private Thread? _processThread;
    private Thread? _writeThread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Held by the writer thread around each append + fsync, and by a rotation while it swaps the journal file.
    private readonly object _journalLock = new();

    // A rotation copies the journal's tail in rounds while appends go on until at most this much is left for the
    // round with appends paused: ~13 ms of arrivals at 20,000 msgs/s, a few ms to read, write and fsync.
    private const long PausedCopyBytes = 256 << 10;

    // Each round copies what arrived during the one before, so the rounds shrink fast unless ingest writes about as
    // fast as the copy (full load); then the paused round takes what is left after this many.
    private const int MaxCatchUpRounds = 8;

    public JournalPipeline(
        IOptions<LedgerOptions> ledger,
        IOptions<JournalOptions> options,
        IngestCounters counters,
        FatalErrorSignal fatal,
        ILogger<JournalPipeline> logger,
        MessageDecoder decoder,
        MetadataEnricher enricher,
        TimeProvider time,
        IJournalFileSystem fileSystem)
    {
        _layout = new DataDirectoryLayout(ledger.Value.DataDirectory);
        _options = options.Value;
        _counters = counters;
        _fatal = fatal;
        _logger = logger;
        _decoder = decoder;
        _enricher = enricher;
        _time = time;
        _fileSystem = fileSystem;
        // Bounded: when the disk falls behind, the receive thread blocks, and libzmq's high-water marks push the
        // back-pressure to the senders instead of growing this process without limit.
        _inbound = new BatchHandoff<InboundBatch>(InboundQueueDepth);
        // While the writer fsyncs, the next batch keeps growing (a full one may wait, and the one after grows).
        _commits = new CommitHandoff();
    }

    /// <summary>Receives each durable batch's acks on the thread that committed it (the writer's, or the receive thread's); must not block.</summary>
    public Action<AckFrames>? AckSink { get; set; }

    /// <summary>The data directory in use.</summary>
    public DataDirectoryLayout Layout => _layout;

    /// <summary>How long the process thread has waited for the enrich workers to finish preparing a batch.</summary>
    public TimeSpan WorkerWaitTime => _processor?.WorkerWaitTime ?? TimeSpan.Zero;

    /// <summary>Last Sequence on stable storage.</summary>
    public long LastDurableSequence => _writer?.LastDurableSequence ?? 0;

    /// <summary>Completes when both pipeline threads have drained and exited.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>A cleared batch for the receive thread (pooled).</summary>
    public InboundBatch RentInbound() => _freeInbound.TryDequeue(out var batch) ? batch : new InboundBatch(InboundBatchBytes, InboundBatchFrames);

    /// <summary>Locks the data directory, recovers the journal, and starts the threads.</summary>
    public void Start()
    {
        Directory.CreateDirectory(_layout.Root);
        _lock = DirectoryLock.Acquire(_layout.LockFile);
        var (lastSequence, knownIds) = JournalStartup.Recover(_layout, _options.DedupWindow, _time.GetUtcNow().UtcDateTime, _logger);
        _writer = new JournalWriter(_layout, _fileSystem, lastSequence);
        _counters.SetLastSequence(lastSequence);
        _counters.JournalBytes = _writer.JournalBytes;
        _processor = new RecordProcessor(_decoder, _enricher, knownIds, lastSequence, new ProcessorOptions { ReservedBatchFrames = InboundBatchFrames, WarmUpWorkers = true });
        // Large objects: made when the first message needed them, one of them set off a background collection that
        // held the first ack ~19 ms. Made here, before the host's start-up collection (Program.cs), which finds them
        // already there: 1 of 34 first 1 M runs then collected (7 of 14 while they were made under load). Made after
        // it (on the process thread, after its warm-up), every first 1 M run set off a full collection (3 of 3, 8-21
        // ms of pauses). Their pages become resident only when written.
        for (var i = 0; i < CommitBatchesInUse; i++)
        {
            _freeCommits.Enqueue(new CommitBatch(CommitBatchBytes));
        }
        for (var i = 0; i < InboundBatchesInUse; i++)
        {
            _freeInbound.Enqueue(new InboundBatch(InboundBatchBytes, InboundBatchFrames));
        }
        _commitLoop = new CommitLoop(_commits, _freeCommits, _writer, _journalLock, _options, _counters, acks => AckSink?.Invoke(acks), _layout.Rejected, _logger);
        _processing = new ProcessingLoop(_processor, _inbound, _commits, _freeInbound, _freeCommits, CommitBatchBytes, _options.MaxCommitBytes, _counters, CommitOnSubmitter);
        _processThread = new Thread(ProcessLoop) { Name = "ledger-process", IsBackground = true };
        _writeThread = new Thread(WriteLoop) { Name = "ledger-journal", IsBackground = true };
        _processThread.Start();
        _writeThread.Start();
    }

    /// <summary>Hands a received batch on (the receive thread only; see <see cref="ProcessingLoop.Submit"/>).</summary>
    /// <returns>False when the pipeline stopped accepting batches.</returns>
    public bool Submit(InboundBatch batch) => _processing!.Submit(batch);

    /// <summary>
    /// Commits the batch the receive thread holds for the commit pace, when due (see <see cref="ProcessingLoop.CommitHeld"/>);
    /// how long until it is, or <see cref="Timeout.InfiniteTimeSpan"/> when nothing is held. The receive thread only.
    /// </summary>
    public TimeSpan CommitHeld() => _processing?.CommitHeld() ?? Timeout.InfiniteTimeSpan;

    /// <summary>Makes the calling thread's per-thread processing state (the thread that calls <see cref="Submit"/>, before its first batch).</summary>
    public TimeSpan WarmUpSubmitter() => ProcessorWarmUp.Run(_decoder, _enricher);

    /// <summary>How many batches <see cref="Submit"/> processed on the submitting thread.</summary>
    public long BatchesProcessedBySubmitter => _processing?.BatchesProcessedBySubmitter ?? 0;

    /// <summary>How many commits the submitting thread made.</summary>
    public long BatchesCommittedBySubmitter => _processing?.BatchesCommittedBySubmitter ?? 0;

    /// <summary>A commit on the receive thread (see <see cref="CommitLoop.TryCommitHere"/>); a failure is fatal, as on the journal thread.</summary>
    private CommitHereOutcome CommitOnSubmitter(CommitBatch batch, out TimeSpan dueIn)
    {
        try
        {
            return _commitLoop!.TryCommitHere(batch, out dueIn);
        }
        catch (Exception ex)
        {
            // The writer then drains and ends, and the process thread stops taking input.
            FailJournal(ex);
            // Not committed: the offer that follows is refused (the handoff is completed), so the batch is dropped,
            // never acked, like the writer's batches after its own failure.
            dueIn = TimeSpan.Zero;
            return CommitHereOutcome.LeftToWriter;
        }
    }

    /// <summary>A commit failed on either thread (a failed fsync): fatal, and nothing more is persisted after it.</summary>
    private void FailJournal(Exception ex)
    {
        LogPipelineFailed(ex, "journal");
        _fatal.Raise(ex);
        _commits.Complete();
    }

    private void ProcessLoop()
    {
        try
        {
            _processing!.Run(warmUp: () =>
            {
                // Before the first message rather than on it (its ack took ~135 ms more, all of it the JIT), and here
                // rather than in Start, so start-up is not held up: whatever arrives meanwhile waits in the queue.
                var processing = ProcessorWarmUp.Run(_decoder, _enricher);
                var (methods, compiling) = HotPathWarmUp.Run();
                LogWarmedUp(processing.TotalMilliseconds, methods, compiling.TotalMilliseconds);
            });
        }
        catch (Exception ex)
        {
            LogPipelineFailed(ex, "process");
            _fatal.Raise(ex);
        }
        finally
        {
            _processing!.Stop();
            _commits.Complete();
        }
    }

    private void WriteLoop()
    {
        try
        {
            _commitLoop!.Run();
        }
        catch (Exception ex)
        {
            FailJournal(ex);
            // Unblock the processor so shutdown can finish.
            while (_commits.TryTake(out _))
            {
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>True while appends are paused on a full disk.</summary>
    public bool DiskFull => _commitLoop?.DiskFull ?? false;

    /// <summary>Rotates the journal into sessions/ when it is too large or too old, on the sealed boundary.</summary>
    /// <param name="sealedSequence">Last Sequence covered by checkpoints: only records up to it are rotated.</param>
    /// <param name="retention">Size and age limits.</param>
    /// <param name="nowUtc">The current time, for the age limit.</param>
    /// <returns>The new segment's path, or null when no rotation was due.</returns>
    public string? RotateIfDue(long sealedSequence, RetentionOptions retention, DateTime nowUtc)
    {
        // A rotation whose segment was written but whose cut then failed on the disk (a crash is repaired at start-up)
        // is finished first: a new segment would hold its records a second time.
        if (JournalRotator.FindUncutPrefix(_layout) is { } uncut)
        {
            var (kept, _) = CutJournal(uncut);
            LogUncutPrefixRemoved(uncut, kept);
            return null;
        }
        if (!JournalRotator.IsDue(_layout, retention.MaxJournalBytes, TimeSpan.FromDays(retention.MaxJournalAgeDays), nowUtc))
        {
            return null;
        }
        // Step 1 runs while ingest continues: the prefix is durable and never rewritten.
        var started = Stopwatch.GetTimestamp();
        var segment = JournalRotator.WriteSegment(_layout, sealedSequence);
        if (segment is null)
        {
            return null;
        }
        var segmentWritten = Stopwatch.GetTimestamp();
        var (keptBytes, stats) = CutJournal(segment.JournalOffset);
        LogRotated(segment.Path, segment.FirstSequence, segment.LastSequence, Stopwatch.GetElapsedTime(started, segmentWritten).TotalMilliseconds,
            keptBytes, stats.CopyMilliseconds, stats.PausedBytes, stats.PausedMilliseconds, stats.Release, stats.ReleaseMilliseconds);
        return segment.Path;
    }

    /// <summary>Rewrites the journal without its first <paramref name="offset"/> bytes, with appends paused only for the last few.</summary>
    /// <returns>The bytes the journal kept, and how long each part took.</returns>
    private (long KeptBytes, CutStats Stats) CutJournal(long offset)
    {
        // Copied while ingest continues, in rounds that catch up with what arrived meanwhile; appends pause only for
        // the last few bytes, the fsync and the rename.
        var started = Stopwatch.GetTimestamp();
        using var cut = new JournalPrefixCut(_layout.Journal, offset);
        for (var round = 0; round < MaxCatchUpRounds && _writer!.DurableJournalBytes - cut.CopiedUpTo > PausedCopyBytes; round++)
        {
            cut.CopyUpTo(_writer.DurableJournalBytes);
        }
        cut.Sync();
        long pausedBytes;
        long paused;
        lock (_journalLock)
        {
            paused = Stopwatch.GetTimestamp();
            pausedBytes = _writer!.JournalBytes - cut.CopiedUpTo;
            try
            {
                cut.CopyUpTo(_writer.JournalBytes);
                cut.Publish();
            }
            finally
            {
                if (cut.Replaced)
                {
                    _writer.ReopenJournal();
                    _counters.JournalBytes = _writer.JournalBytes;
                }
            }
        }
        var pausedFor = Stopwatch.GetElapsedTime(paused);
        var copied = Stopwatch.GetElapsedTime(started);
        // With appends going on: freeing the old journal's blocks takes long.
        var releaseStarted = Stopwatch.GetTimestamp();
        var freedInSteps = cut.ReleaseReplaced();
        return (cut.CopiedBytes, new CutStats(copied.TotalMilliseconds, pausedBytes, pausedFor.TotalMilliseconds,
            freedInSteps ? "freed in steps" : "left to a reader that still has it open", Stopwatch.GetElapsedTime(releaseStarted).TotalMilliseconds));
    }

    private readonly record struct CutStats(double CopyMilliseconds, long PausedBytes, double PausedMilliseconds, string Release, double ReleaseMilliseconds);

    /// <summary>Waits for the threads to drain everything already submitted (call once the receive thread has stopped).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _inbound.Complete();
        if (_writeThread is not null)
        {
            await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        LogStopped(LastDurableSequence, _counters.Received, _counters.Persisted, _counters.Rejected, _counters.Duplicates);
    }

    public void Dispose()
    {
        // After a fatal writer error the process thread may still be inside a batch; its workers are the processor's.
        _processThread?.Join(TimeSpan.FromSeconds(10));
        _processor?.Dispose();
        if (_writeThread?.Join(TimeSpan.FromSeconds(10)) ?? true)
        {
            // Only once the writer is gone: it may be waiting on the handoff's wake-up.
            _commits.Dispose();
        }
        _writer?.Dispose();
        _lock?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Ingest path compiled on warm-up frames in {Milliseconds:F0} ms; {Methods} receive, journal and ack methods compiled ahead in {CompileMilliseconds:F0} ms")]
    private partial void LogWarmedUp(double milliseconds, int methods, double compileMilliseconds);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Journal rotated: sequences {First}..{Last} moved to {Segment} in {SegmentMilliseconds:F0} ms; the {Kept} bytes after them copied in {Milliseconds:F0} ms, the last {PausedBytes} with appends paused for {PausedMilliseconds:F1} ms; the old journal {Release} ({ReleaseMilliseconds:F0} ms)")]
    private partial void LogRotated(string segment, long first, long last, double segmentMilliseconds, long kept, double milliseconds, long pausedBytes, double pausedMilliseconds, string release, double releaseMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal rotation finished: the first {Offset} bytes of the journal, which the newest segment already held, removed ({Kept} bytes kept)")]
    private partial void LogUncutPrefixRemoved(long offset, long kept);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The {Stage} stage failed; the daemon stops")]
    private partial void LogPipelineFailed(Exception ex, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal closed at sequence {LastSequence}: received {Received}, persisted {Persisted}, rejected {Rejected}, duplicates {Duplicates}")]
    private partial void LogStopped(long lastSequence, long received, long persisted, long rejected, long duplicates);
}
