using System.Collections.Concurrent;
using Ledger.Core.Ingest;
using Ledger.Daemon.Hosting;

namespace Ledger.Daemon.Journal;

/// <summary>
/// The processing side of the pipeline: inbound batches → <see cref="RecordProcessor"/> → commit batches for the
/// journal thread, in Sequence order. Run by the process thread; a small batch may be processed by the receive
/// thread instead (<see cref="Submit"/>), and committed there too while the journal thread is free: at once, or held
/// until the commit pace is due (<see cref="CommitHeld"/>).
/// </summary>
/// <remarks>
/// Adaptive group commit: a commit batch is handed to the writer as soon as the writer can take it; while the writer
/// is busy in fsync, whatever keeps arriving accumulates into the next batch (up to MaxCommitBytes). At a low rate
/// every message is its own batch (lowest latency); under load batches grow (highest throughput).
/// <para>
/// Every step of processing, on either thread, runs under <c>_gate</c>, which also guards the state below; the
/// process thread takes batches from the queue only under it, and keeps it until its input runs dry.
/// </para>
/// </remarks>
internal sealed class ProcessingLoop
{
    // Largest batch the receive thread processes itself when the process thread is idle (see Submit): a burst at a
    // moderate rate or a client's lone message, ~2-3 µs of processing a frame; larger batches gain more from the
    // receive thread going back to its sockets while the process thread works.
    private const int InlineMaxFrames = 64;

    private readonly RecordProcessor _processor;
    private readonly BatchHandoff<InboundBatch> _inbound;
    private readonly CommitHandoff _commits;
    private readonly ConcurrentQueue<InboundBatch> _freeInbound;
    private readonly ConcurrentQueue<CommitBatch> _freeCommits;
    private readonly int _commitBatchBytes;
    private readonly int _maxCommitBytes;
    private readonly IngestCounters _counters;
    private readonly CommitHere _commitHere;

    private readonly object _gate = new();
    // The commit being filled, and a batch taken ahead (its preparation started) while the one before it was committed.
    private CommitBatch? _current;
    private InboundBatch? _ahead;
    private bool _inlineReady;
    // Set when the receive thread left the commit in hand un-offered, to commit it itself when the pace is due
    // (CommitHeld); a hint read without the gate: the commit in hand under the gate is the truth.
    private bool _holding;
    private bool _stopped;
    private long _batchesProcessedBySubmitter;
    private long _batchesCommittedBySubmitter;

    /// <param name="processor">Decode, dedupe, enrich, serialize; used by one thread at a time (under the gate).</param>
    /// <param name="inbound">The queue of batches for the process thread.</param>
    /// <param name="commits">Where commit batches go to the journal thread.</param>
    /// <param name="freeInbound">Where a processed inbound batch goes back, cleared, for the receive thread.</param>
    /// <param name="freeCommits">Commit batches the journal thread has written and cleared.</param>
    /// <param name="commitBatchBytes">Room of a commit batch made when none is free.</param>
    /// <param name="maxCommitBytes">A commit batch this full is handed over at once.</param>
    /// <param name="counters">Where the waits are timed.</param>
    /// <param name="commitHere">
    /// Commits a batch on the submitting thread while the writer is free (see <see cref="CommitLoop.TryCommitHere"/>).
    /// </param>
    public ProcessingLoop(RecordProcessor processor, BatchHandoff<InboundBatch> inbound, CommitHandoff commits,
        ConcurrentQueue<InboundBatch> freeInbound, ConcurrentQueue<CommitBatch> freeCommits, int commitBatchBytes, int maxCommitBytes,
        IngestCounters counters, CommitHere commitHere)
    {
        _commitHere = commitHere;
        _processor = processor;
        _inbound = inbound;
        _commits = commits;
        _freeInbound = freeInbound;
        _freeCommits = freeCommits;
        _commitBatchBytes = commitBatchBytes;
        _maxCommitBytes = maxCommitBytes;
        _counters = counters;
    }

    /// <summary>A commit on the submitting thread: see <see cref="CommitLoop.TryCommitHere"/>.</summary>
    public delegate CommitHereOutcome CommitHere(CommitBatch batch, out TimeSpan dueIn);

    /// <summary>How many batches <see cref="Submit"/> processed on the submitting thread.</summary>
    public long BatchesProcessedBySubmitter => Volatile.Read(ref _batchesProcessedBySubmitter);

    /// <summary>How many commits the submitting thread made (the writer was free), at once or held (<see cref="CommitHeld"/>).</summary>
    public long BatchesCommittedBySubmitter => Volatile.Read(ref _batchesCommittedBySubmitter);

    /// <summary>
    /// Hands a received batch on (the receive thread; one thread only): processed right here when it is small and
    /// the process thread is idle, else queued for the process thread (waiting while the queue is full).
    /// </summary>
    /// <remarks>
    /// At a moderate rate every burst woke the process thread, which processed a few frames and slept again: at
    /// 20,000 msgs/s that thread used ~4–7 µs of CPU a message, against ~1.4 at full load, most of it wake-ups. A
    /// small batch is processed by the thread that received it instead, when nothing older is waiting or in
    /// progress (the process thread is waiting for input with the queue empty), so Sequence order holds. A larger
    /// batch, or one that arrives while the process thread is busy, is queued as before, so at full load the two
    /// threads still overlap. A batch processed here may be held for the commit pace: the caller then calls
    /// <see cref="CommitHeld"/> when it says.
    /// </remarks>
    /// <returns>False when the pipeline stopped accepting batches.</returns>
    public bool Submit(InboundBatch batch)
    {
        if (batch.Count <= InlineMaxFrames && TryProcessInline(batch))
        {
            return true;
        }
        var waiting = _counters.ClockOf(PipelineWait.ReceiveOnProcess);
        waiting.Begin();
        var added = _inbound.Add(batch);
        waiting.End();
        return added;
    }

    /// <summary>The process thread's loop: <paramref name="warmUp"/> first (nothing is processed inline before it ends), then batches until the input is completed.</summary>
    public void Run(Action warmUp)
    {
        lock (_gate)
        {
            warmUp();
            _inlineReady = true;
        }
        while (ProcessNext())
        {
        }
        lock (_gate)
        {
            OfferCurrentLocked();
        }
    }

    /// <summary>
    /// Commits the batch the submitting thread holds (see <see cref="Submit"/>) if the pace is due and the writer still
    /// free, else hands it to the writer; returns how long until it is due when it stays held, else
    /// <see cref="Timeout.InfiniteTimeSpan"/> (nothing held). The submitting thread only, between its waits.
    /// </summary>
    /// <remarks>
    /// When the process thread holds the gate, it has the held batch in hand too and will hand it over when its input
    /// runs dry, as it does with any batch: nothing is held for this thread any more.
    /// </remarks>
    public TimeSpan CommitHeld()
    {
        if (!Volatile.Read(ref _holding) || !Monitor.TryEnter(_gate))
        {
            return Timeout.InfiniteTimeSpan;
        }
        try
        {
            return SettleCurrentLocked();
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>After the process thread ended (or failed): nothing is processed inline any more.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
    }

    private bool TryProcessInline(InboundBatch batch)
    {
        if (!Monitor.TryEnter(_gate))
        {
            return false; // the process thread is busy: queue it
        }
        try
        {
            // Nothing older may be waiting (queued, or taken ahead and being prepared by the workers: ProcessNext
            // keeps the gate while it has one, so that is a guard, not a case that happens), and the commit must go
            // to the writer without waiting: this thread also reads the sockets and sends the acks, and an offer can
            // wait for the writer to wake up, an added full batch for a whole commit. The process thread takes those
            // waits.
            if (!_inlineReady || _stopped || _ahead is not null || !_inbound.IsEmpty || _commits.IsCompleted || !_commits.CanHandOverAtOnce)
            {
                return false;
            }
            ProcessLocked(batch, takeAhead: false);
            Volatile.Write(ref _batchesProcessedBySubmitter, _batchesProcessedBySubmitter + 1);
            SettleCurrentLocked();
            return true;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>Processes batches while there are any, then offers the commit in hand and waits for input; false at the end.</summary>
    /// <remarks>
    /// The gate is held until the input runs dry, so the receive thread finds it free only while this thread waits
    /// with nothing in hand: no batch queued, none taken ahead.
    /// </remarks>
    private bool ProcessNext()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_commits.IsCompleted)
                {
                    // The writer failed (fatal): nothing more can be made durable, so stop processing.
                    return false;
                }
                var inbound = _ahead;
                _ahead = null;
                if (inbound is null && !_inbound.TryTake(out inbound))
                {
                    break;
                }
                ProcessLocked(inbound, takeAhead: true);
            }
            // Out of input: the writer may take what is pending as soon as it is free (or now, if idle).
            OfferCurrentLocked();
        }
        // Outside the gate, so the receive thread may process small batches itself meanwhile (see Submit).
        var waiting = _counters.ClockOf(PipelineWait.ProcessOnReceive);
        waiting.Begin();
        var more = _inbound.WaitForItem();
        waiting.End();
        return more;
    }

    /// <summary>Processes one batch into the commit in hand; with <paramref name="takeAhead"/>, the workers start on the next one meanwhile.</summary>
    private void ProcessLocked(InboundBatch inbound, bool takeAhead)
    {
        // Keep filling the offered batch if the writer has not taken it yet (it was busy in fsync).
        _current ??= _commits.Reclaim() ?? (_freeCommits.TryDequeue(out var free) ? free : new CommitBatch(_commitBatchBytes));
        if (takeAhead)
        {
            _inbound.TryTake(out _ahead);
        }
        _processor.Process(inbound, _current, _ahead);
        inbound.Clear();
        _freeInbound.Enqueue(inbound);
        if (_current.JournalBytes.WrittenCount >= _maxCommitBytes)
        {
            var waiting = _counters.ClockOf(PipelineWait.ProcessOnJournal);
            waiting.Begin();
            _commits.AddFull(_current);
            waiting.End();
            _current = null;
        }
    }

    /// <summary>
    /// The submitting thread, nothing more in hand: commits the batch here, holds it for the pace, or offers it to
    /// the writer; how long until a held batch is due (<see cref="Timeout.InfiniteTimeSpan"/> when none is held).
    /// </summary>
    /// <remarks>
    /// Only with the writer free (no batch in its hands or waiting for it): no one else hands over while this thread
    /// holds the gate, so the writer stays free meanwhile and nothing older can be committed after this. A held batch
    /// is not offered, so the writer is not woken for it; when the pace is due (the submitting thread's poller waits
    /// to the microsecond), or sooner once what keeps arriving fills it to <c>CommitAtOnceBytes</c> with acks to
    /// send, this thread commits it and sends its acks without a wake-up. At 20,000 msgs/s that is ~99 % of the
    /// bursts: the journal thread sleeps (twenty-second session: ~15 % fewer context switches and ~8 % less daemon
    /// CPU a message in a python stream of bursts). At shutdown a held batch is the process thread's to hand over.
    /// </remarks>
    private TimeSpan SettleCurrentLocked()
    {
        if (_current is not null && _commits.IsWriterFree)
        {
            switch (_commitHere(_current, out var dueIn))
            {
                case CommitHereOutcome.Committed:
                    _current = null;
                    Volatile.Write(ref _holding, false);
                    Volatile.Write(ref _batchesCommittedBySubmitter, _batchesCommittedBySubmitter + 1);
                    return Timeout.InfiniteTimeSpan;
                case CommitHereOutcome.NotYetDue:
                    Volatile.Write(ref _holding, true);
                    return dueIn;
            }
        }
        // Else offered at once, as the process thread does when its input runs dry.
        OfferCurrentLocked();
        return Timeout.InfiniteTimeSpan;
    }

    private void OfferCurrentLocked()
    {
        Volatile.Write(ref _holding, false);
        if (_current is not null)
        {
            _commits.Offer(_current);
            _current = null;
        }
    }
}
