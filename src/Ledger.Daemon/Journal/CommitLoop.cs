using System.Collections.Concurrent;
using System.Diagnostics;
using Ledger.Core.Ingest;
using Ledger.Core.Journal;
using Ledger.Daemon.Hosting;
using Ledger.Daemon.Options;

namespace Ledger.Daemon.Journal;

/// <summary>
/// The journal thread's work: takes each commit batch in order, appends it and fsyncs (waiting out a full disk),
/// then publishes it (counters, Sequence, acks) and paces the next commit. While it is free, the receive thread may
/// commit a batch in its place (<see cref="TryCommitHere"/>).
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
    private bool _failed;
    // The last commit, by either thread: where the pace of the next one counts from.
    private long _lastCommitStarted;
    private int _lastCommitFrames;
    // IsDue and IsLargeEnoughNotToWait, made once: the writer asks at every take and every pace.
    private readonly Func<CommitBatch, bool> _isDue;
    private readonly Func<CommitBatch, bool> _isLargeEnoughNotToWait;

    /// <param name="commits">Where the process thread hands its batches.</param>
    /// <param name="freeCommits">Where a written batch goes back, cleared, for the process thread to fill again.</param>
    /// <param name="writer">The journal's writer.</param>
    /// <param name="journalLock">Held around each append + fsync (a rotation holds it while it swaps the file).</param>
    /// <param name="options">The commit pacing.</param>
    /// <param name="counters">Published after each durable commit.</param>
    /// <param name="deliverAcks">Takes each durable batch's acks on the thread that committed it; must not block.</param>
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
        _isDue = IsDue;
        _isLargeEnoughNotToWait = IsLargeEnoughNotToWait;
    }

    /// <summary>
    /// The largest batch the receive thread commits (<see cref="TryCommitHere"/>): a burst at a moderate rate is far
    /// below it; a larger one's write and fsync would keep the sockets unread for longer than a commit's usual ~0.3 ms.
    /// </summary>
    public const int MaxBytesHere = 256 << 10;

    /// <summary>True while appends are paused on a full disk.</summary>
    public bool DiskFull { get => Volatile.Read(ref _diskFull); private set => Volatile.Write(ref _diskFull, value); }

    /// <summary>Commits batches until the handoff is completed and empty; an I/O failure (not a full disk) is thrown.</summary>
    public void Run()
    {
        // Here rather than in Start: the first sync of a new file can take a few ms, and the receive thread is
        // already taking messages meanwhile (they wait for the first commit, as they would for any fsync).
        _writer.SyncOpenFiles();
        // Only now may the receive thread commit in this thread's place (see TryCommitHere).
        _commits.Release();
        while (TakeCommit(out var batch))
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                AppendWaitingForSpace(batch);
            }
            catch
            {
                Volatile.Write(ref _failed, true);
                throw;
            }
            Publish(batch, started);
            _commits.Release();
        }
    }

    /// <summary>
    /// Commits a batch on the calling thread while the journal thread is free (<see cref="CommitHandoff.IsWriterFree"/>)
    /// and the batch is due (<see cref="IsDue"/>); its acks are delivered on the calling thread. Used by the receive
    /// thread for a batch it processed itself (<see cref="ProcessingLoop.Submit"/>), at once or, when the pace is not
    /// due yet, at the time this returns (<see cref="ProcessingLoop.CommitHeld"/>).
    /// </summary>
    /// <remarks>
    /// A client that waits for each ack had every message cross four threads: receive, journal (woken for the
    /// commit), receive again (woken for the ack, which only the socket's thread may send), with libzmq's I/O thread
    /// on both ends. On this VM every wake-up is ~20 µs of CPU and a hop of latency; committing where the message was
    /// processed saves two of them (twenty-first session, one message at a time: ~22 % less daemon CPU a message).
    /// A burst at a moderate rate (twenty-second session) is held by the receive thread until the pace is due, or
    /// until it holds <c>CommitAtOnceBytes</c> with acks to send (twenty-third), and committed there too, so at 20,000
    /// msgs/s the journal thread sleeps and each burst saves its wake-ups.
    /// The caller guarantees that nothing else commits meanwhile: it holds the processing gate, so nothing can be
    /// handed to the writer, and the writer holds nothing. The journal lock is still taken, for a rotation. Left to
    /// the journal thread: a full disk (its waits must never fall on the thread that reads the sockets and sends the
    /// acks), a rotation in progress, a failed journal, and a batch above <see cref="MaxBytesHere"/>.
    /// </remarks>
    /// <param name="batch">The batch, unchanged unless committed.</param>
    /// <param name="dueIn">
    /// With <see cref="CommitHereOutcome.NotYetDue"/>, how long until the pace is due (the batch is due sooner if it
    /// grows to <c>CommitAtOnceBytes</c> meanwhile).
    /// </param>
    /// <exception cref="JournalFsyncException">The fsync failed: fatal, as on the journal thread.</exception>
    public CommitHereOutcome TryCommitHere(CommitBatch batch, out TimeSpan dueIn)
    {
        dueIn = TimeSpan.Zero;
        if (Volatile.Read(ref _failed) || DiskFull || batch.JournalBytes.WrittenCount > MaxBytesHere)
        {
            return CommitHereOutcome.LeftToWriter;
        }
        if (!IsLargeEnoughNotToWait(batch) && PaceLeft() is var left && left > TimeSpan.Zero)
        {
            dueIn = left;
            return CommitHereOutcome.NotYetDue;
        }
        if (!Monitor.TryEnter(_journalLock))
        {
            return CommitHereOutcome.LeftToWriter; // a rotation is swapping the file
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            _writer.AppendDurable(batch.JournalBytes.WrittenSpan, batch.LastSequence, batch.RejectedBytes.WrittenSpan);
        }
        catch (IOException ex) when (DiskErrors.IsDiskFull(ex))
        {
            return CommitHereOutcome.LeftToWriter; // undone by the journal writer; the journal thread retries the batch and waits out the disk
        }
        catch
        {
            Volatile.Write(ref _failed, true);
            throw;
        }
        finally
        {
            Monitor.Exit(_journalLock);
        }
        Publish(batch, started);
        return CommitHereOutcome.Committed;
    }

    /// <summary>After a durable append: counters, acks, the batch back to the pool.</summary>
    private void Publish(CommitBatch batch, long started)
    {
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
        // The pace of the next commit counts from this one's start, whichever thread made it.
        Volatile.Write(ref _lastCommitStarted, started);
        Volatile.Write(ref _lastCommitFrames, batch.Received);
        batch.Clear();
        _freeCommits.Enqueue(batch);
    }

    /// <summary>Takes the next batch when it is due (<see cref="IsDue"/>, <see cref="PaceCommits"/>); false once the handoff is completed and empty.</summary>
    /// <remarks>
    /// The pace is kept at the take, not after the commit: the last commit may be one the receive thread made
    /// (<see cref="TryCommitHere"/>) while this thread waited, and a batch offered right after it must not be
    /// committed at once. While this thread paces, the offered batch stays the process thread's to take back and
    /// fill, and the receive thread's to commit when due; then there may be nothing left to take, and this thread
    /// waits again.
    /// </remarks>
    private bool TakeCommit(out CommitBatch batch)
    {
        var waiting = _counters.ClockOf(PipelineWait.JournalOnProcess);
        while (true)
        {
            waiting.Begin();
            var took = _commits.Take(_isDue, out batch);
            waiting.End();
            switch (took)
            {
                case CommitTake.Taken:
                    return true;
                case CommitTake.Completed:
                    return false;
                default:
                    PaceCommits();
                    break;
            }
        }
    }

    /// <summary>With <c>MinCommitIntervalMicroseconds</c>, waits out the rest of the interval since the last commit started, or until a batch may be taken sooner.</summary>
    /// <remarks>
    /// The writer is not waiting meanwhile, so the process thread keeps taking back the offered batch and filling it:
    /// everything that arrives joins the next commit. No wait for a full batch (a backlog), nor at shutdown, nor after
    /// a commit of a single frame: nothing else arrived while the one before it was written, so there is no stream to
    /// gather, and a client that sends its next message only after the ack would just be slowed down. The last
    /// commit may be one the receive thread made meanwhile (<see cref="TryCommitHere"/>, which keeps the same pace),
    /// so the caller measures the wait again from whichever commit started last when this returns. The wait ends early
    /// when a full batch is added or the offered batch grows to <c>CommitAtOnceBytes</c> with acks to send
    /// (<see cref="CommitHandoff.WaitOutPace"/>); until the twenty-fourth session it was a plain sleep, and such a
    /// batch waited out the interval when the process thread, not the receive thread, filled it.
    /// </remarks>
    private void PaceCommits()
    {
        if (PaceLeft() is var left && left > TimeSpan.Zero)
        {
            _commits.WaitOutPace(left, _isLargeEnoughNotToWait);
        }
    }

    /// <summary>
    /// True when <paramref name="batch"/> may be committed now: the pace allows a commit
    /// (<c>MinCommitIntervalMicroseconds</c>), or clients wait for it and it is large enough not to wait
    /// (<see cref="IsLargeEnoughNotToWait"/>).
    /// </summary>
    private bool IsDue(CommitBatch batch) => IsLargeEnoughNotToWait(batch) || PaceLeft() <= TimeSpan.Zero;

    /// <summary>A batch with acks to send that holds at least <c>CommitAtOnceBytes</c> of journal lines.</summary>
    /// <remarks>
    /// The pace shares a commit's fixed cost (the fsync, the wake-ups: ~0.1 ms of CPU on the bench VM) among the
    /// messages that gather meanwhile; a batch that already holds many gains little from the wait, and clients waiting
    /// for its acks pay it in latency (and a client with k messages in flight in throughput). Only acked batches: nobody
    /// waits for a pushed or published message, so a stream of those is paced as before (committing it as soon as it
    /// reached the size cost 10–27 % more CPU a message in a steady 60,000 msgs/s stream, twenty-third session). An
    /// acked stream adds at most one commit per <c>CommitAtOnceBytes</c> of lines to those the pace allows.
    /// </remarks>
    private bool IsLargeEnoughNotToWait(CommitBatch batch) =>
        batch.Acks.Count > 0 && batch.JournalBytes.WrittenCount >= _options.CommitAtOnceBytes;

    /// <summary>How long until a commit may start under <c>MinCommitIntervalMicroseconds</c>: the rest of the interval since the last commit of more than one message started.</summary>
    private TimeSpan PaceLeft() =>
        _options.MinCommitIntervalMicroseconds == 0 || Volatile.Read(ref _lastCommitFrames) <= 1
            ? TimeSpan.Zero
            : TimeSpan.FromMicroseconds(_options.MinCommitIntervalMicroseconds) - Stopwatch.GetElapsedTime(Volatile.Read(ref _lastCommitStarted));

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
