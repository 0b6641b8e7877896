using System.Collections.Concurrent;
using System.Diagnostics;
using Ledger.Core.Ingest;
using Ledger.Core.Journal;
using Ledger.Daemon.Hosting;
using Ledger.Daemon.Options;

namespace Ledger.Daemon.Journal;

/// <summary>
/// The journal thread's work: takes each commit batch in order, appends it and fsyncs (waiting out a full disk),
/// then publishes it (counters, Sequence, acks) and paces the next commit.
/// </summary>
/// <remarks>
/// A batch counts only once <see cref="JournalWriter.AppendDurable"/> has returned: the counters' last Sequence and
/// the acks move after the fsync, never before. Failures leave <see cref="Run"/> (the pipeline treats them as fatal);
/// a full disk does not.
/// </remarks>
internal sealed partial class CommitLoop
{
    private readonly CommitHandoff _commits;
    private readonly ConcurrentQueue<CommitBatch> _freeCommits;
    private readonly JournalWriter _writer;
    private readonly object _journalLock;
    private readonly JournalOptions _options;
    private readonly IngestCounters _counters;
    private readonly Action<AckFrames> _deliverAcks;
    private readonly string _rejectedPath;
    private readonly ILogger _logger;
    private long _lastRejectLogTicks;
    private bool _diskFull;

    /// <param name="commits">Where the process thread hands its batches.</param>
    /// <param name="freeCommits">Where a written batch goes back, cleared, for the process thread to fill again.</param>
    /// <param name="writer">The journal's writer.</param>
    /// <param name="journalLock">Held around each append + fsync (a rotation holds it while it swaps the file).</param>
    /// <param name="options">The commit pacing.</param>
    /// <param name="counters">Published after each durable commit.</param>
    /// <param name="deliverAcks">Takes each durable batch's acks on this thread; must not block.</param>
    /// <param name="rejectedPath">The dead letter file, named in the log.</param>
    /// <param name="logger">For a full disk and rejected messages.</param>
    public CommitLoop(CommitHandoff commits, ConcurrentQueue<CommitBatch> freeCommits, JournalWriter writer, object journalLock,
        JournalOptions options, IngestCounters counters, Action<AckFrames> deliverAcks, string rejectedPath, ILogger logger)
    {
        _commits = commits;
        _freeCommits = freeCommits;
        _writer = writer;
        _journalLock = journalLock;
        _options = options;
        _counters = counters;
        _deliverAcks = deliverAcks;
        _rejectedPath = rejectedPath;
        _logger = logger;
    }

    /// <summary>True while appends are paused on a full disk.</summary>
    public bool DiskFull { get => Volatile.Read(ref _diskFull); private set => Volatile.Write(ref _diskFull, value); }

    /// <summary>Commits batches until the handoff is completed and empty; an I/O failure (not a full disk) is thrown.</summary>
    public void Run()
    {
        // Here rather than in Start: the first sync of a new file can take a few ms, and the receive thread is
        // already taking messages meanwhile (they wait for the first commit, as they would for any fsync).
        _writer.SyncOpenFiles();
        while (TakeCommit(out var batch))
        {
            var started = Stopwatch.GetTimestamp();
            AppendWaitingForSpace(batch);
            _counters.FsyncLatencyMs.Observe(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            _counters.BatchSize.Observe(batch.Received);
            _counters.AddCommitted(batch.Received, batch.Persisted, batch.Rejected, batch.Duplicates, _writer.LastDurableSequence,
                batch.PersistedBySource, batch.RejectedBySource, batch.DuplicatesBySource);
            _counters.JournalBytes = _writer.JournalBytes;
            if (batch.Rejected > 0)
            {
                LogRejectedBatch(batch.Rejected, _counters.Rejected);
            }
            if (batch.Acks.Count > 0)
            {
                _deliverAcks(batch.Acks);
            }
            var received = batch.Received;
            batch.Clear();
            _freeCommits.Enqueue(batch);
            PaceCommits(started, received);
        }
    }

    private bool TakeCommit(out CommitBatch batch)
    {
        var waiting = _counters.ClockOf(PipelineWait.JournalOnProcess);
        waiting.Begin();
        var took = _commits.Take(out batch);
        waiting.End();
        return took;
    }

    /// <summary>With <c>MinCommitIntervalMicroseconds</c>, waits out the rest of the interval since this commit started.</summary>
    /// <remarks>
    /// The writer is not waiting meanwhile, so the process thread keeps taking back the offered batch and filling it:
    /// everything that arrives joins the next commit. No wait after a full batch that is waiting already (a backlog),
    /// nor after a commit of a single frame: nothing else arrived while the one before it was written, so there is no
    /// stream to gather, and a client that sends its next message only after the ack would just be slowed down.
    /// </remarks>
    private void PaceCommits(long commitStarted, int framesCommitted)
    {
        if (_options.MinCommitIntervalMicroseconds == 0 || framesCommitted <= 1 || _commits.HasFull)
        {
            return;
        }
        var left = TimeSpan.FromMicroseconds(_options.MinCommitIntervalMicroseconds) - Stopwatch.GetElapsedTime(commitStarted);
        if (left > TimeSpan.Zero)
        {
            PreciseSleep.For(left);
        }
    }

    /// <summary>Appends one batch; while the disk is full, waits with backoff and tries again.</summary>
    /// <remarks>
    /// A failed write is undone by the writer (nothing half-written stays), so retrying the same bytes is safe. While
    /// this waits, the processor and the inbound channel fill up, the receive thread blocks, and libzmq's high-water
    /// marks push the back-pressure to senders; acked clients get no ack until the batch is really durable.
    /// Any other I/O error, and any fsync error, is fatal.
    /// </remarks>
    private void AppendWaitingForSpace(CommitBatch batch)
    {
        var delayMs = 100;
        var waiting = false;
        while (true)
        {
            try
            {
                lock (_journalLock)
                {
                    _writer.AppendDurable(batch.JournalBytes.WrittenSpan, batch.LastSequence, batch.RejectedBytes.WrittenSpan);
                }
                if (waiting)
                {
                    DiskFull = false;
                    LogDiskSpaceBack();
                }
                return;
            }
            catch (IOException ex) when (DiskErrors.IsDiskFull(ex))
            {
                if (!waiting)
                {
                    waiting = true;
                    LogDiskFull(ex.Message);
                }
                DiskFull = true;
                Thread.Sleep(delayMs);
                delayMs = Math.Min(delayMs * 2, 5000);
            }
        }
    }

    private void LogRejectedBatch(int rejected, long total)
    {
        // Rate-limited: a sender spraying garbage must not turn the log into a second copy of the dead letter.
        var now = Environment.TickCount64;
        if (now - _lastRejectLogTicks >= 5000)
        {
            _lastRejectLogTicks = now;
            LogRejected(rejected, total, _rejectedPath);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Disk full while appending to the journal ({Reason}); ingest is paused and retried with backoff")]
    private partial void LogDiskFull(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disk space is back; ingest resumed")]
    private partial void LogDiskSpaceBack();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Rejected} invalid message(s) written to the dead letter ({Total} in total so far): {Path}")]
    private partial void LogRejected(int rejected, long total, string path);
}
