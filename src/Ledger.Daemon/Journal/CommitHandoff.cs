using Ledger.Core.Ingest;
using Ledger.Zmq;

namespace Ledger.Daemon.Journal;

/// <summary>
/// Commit batches from the process thread to the journal thread, in Sequence order: at most one full batch waiting,
/// and one partial batch offered when the process thread runs out of input, which it takes back to keep filling for
/// as long as the writer is busy.
/// </summary>
/// <remarks>
/// <para>
/// Before, a partial batch was queued the moment input ran dry and could not grow any more. At a steady trickle
/// (20,000 msgs/s) the writer then committed a frozen batch of one or two messages after every fsync while the rest
/// piled up in the next one: ~2.4 commits per millisecond burst of messages, every commit an fsync. Now whatever
/// arrives during an fsync joins the one batch the writer takes next.
/// </para>
/// <para>
/// An offered batch is not taken back while the writer waits for work: the writer was woken for it and would wake
/// for nothing. The process thread then starts a new batch, and hands it over only after the writer took the offered
/// one, so batches reach the writer in the order they were filled (a full batch waiting is always older than an
/// offered one).
/// </para>
/// </remarks>
internal sealed class CommitHandoff : IDisposable
{
    private readonly object _gate = new();
    // The writer waits on this, not on the monitor: it is set after the lock is left (see ThreadWake).
    private readonly ThreadWake _writerWake = new();
    private CommitBatch? _full;
    private CommitBatch? _offered;
    private bool _writerWaiting;
    // While the writer waits out the commit pace (WaitOutPace): which offered batch may not wait for it.
    private Func<CommitBatch, bool>? _pacingTakesAtOnce;
    // From the writer's start until it is ready, and from each take until it released the batch (its commit durable
    // and published): see IsWriterFree.
    private bool _writerBusy = true;
    private bool _completed;

    /// <summary>True while the writer waits in <see cref="Take"/> for a batch.</summary>
    public bool IsWriterWaiting
    {
        get
        {
            lock (_gate)
            {
                return _writerWaiting;
            }
        }
    }

    /// <summary>
    /// True while the writer is ready, holds no batch (it released the last one it took) and none waits for it: it
    /// waits for one, or paces. Stays so until a batch is handed over or the handoff is completed, so the one thread
    /// that hands over may meanwhile commit in the writer's place, in order (see <see cref="CommitLoop.TryCommitHere"/>).
    /// </summary>
    public bool IsWriterFree
    {
        get
        {
            lock (_gate)
            {
                return !_writerBusy && _full is null && _offered is null && !_completed;
            }
        }
    }

    /// <summary>True while the writer waits out the commit pace (<see cref="WaitOutPace"/>) and no set has cut it short yet.</summary>
    public bool IsWriterPacing
    {
        get
        {
            lock (_gate)
            {
                return _pacingTakesAtOnce is not null;
            }
        }
    }

    /// <summary>
    /// True when a batch can be handed over now without waiting: no full batch waits, and no offered batch is
    /// promised to a woken writer (one the writer is not waiting for can be taken back, see <see cref="Reclaim"/>).
    /// Stays true until the caller hands over, since only the writer changes these meanwhile, and only by taking.
    /// </summary>
    public bool CanHandOverAtOnce
    {
        get
        {
            lock (_gate)
            {
                return _full is null && (_offered is null || !_writerWaiting);
            }
        }
    }

    /// <summary>True once <see cref="Complete"/> was called.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>Hands over a batch that is full, waiting while an older one waits; false when completed.</summary>
    public bool AddFull(CommitBatch batch)
    {
        bool wakeWriter;
        lock (_gate)
        {
            while ((_full is not null || _offered is not null) && !_completed)
            {
                Monitor.Wait(_gate);
            }
            if (_completed)
            {
                return false;
            }
            _full = batch;
            // A full batch is a backlog: a pacing writer takes it at once too.
            wakeWriter = _writerWaiting || StopPacingLocked();
        }
        if (wakeWriter)
        {
            _writerWake.Set();
        }
        return true;
    }

    /// <summary>Offers a partial batch: the writer takes it when next free, unless <see cref="Reclaim"/> is first.</summary>
    /// <remarks>
    /// Waits while an older offered batch is promised to the writer: usually for the writer's wake-up, at most for
    /// the commit it is in (when it woke for a full batch first). Offers happen when input ran dry, so little waits.
    /// </remarks>
    /// <returns>False when completed.</returns>
    public bool Offer(CommitBatch batch)
    {
        bool wakeWriter;
        lock (_gate)
        {
            while (_offered is not null && !_completed)
            {
                Monitor.Wait(_gate);
            }
            if (_completed)
            {
                return false;
            }
            _offered = batch;
            wakeWriter = _writerWaiting || (_pacingTakesAtOnce is { } takesAtOnce && takesAtOnce(batch) && StopPacingLocked());
        }
        if (wakeWriter)
        {
            _writerWake.Set();
        }
        return true;
    }

    /// <summary>Takes the offered batch back to add more to it; null when the writer took it or is waiting for it.</summary>
    public CommitBatch? Reclaim()
    {
        lock (_gate)
        {
            if (_offered is null || _writerWaiting)
            {
                return null;
            }
            var batch = _offered;
            _offered = null;
            return batch;
        }
    }

    /// <summary>
    /// Takes the oldest batch, waiting for one: a full batch at once, an offered one when <paramref name="paceDue"/>
    /// says it may be committed now (the commit pace allows it, or it is an acked batch large enough not to wait for
    /// it) or when the handoff is completed (the rest is drained). Else <see cref="CommitTake.NotDue"/>: the writer is no longer waiting, so the batch may be taken back
    /// (<see cref="Reclaim"/>) and filled on, or committed by the receive thread when due, while the writer paces.
    /// </summary>
    /// <remarks>
    /// The check is made under the lock, with the take: a batch the writer was woken for and may commit is its own at
    /// once, not taken back in between (at full load that sent the writer back to sleep for nothing, and commits
    /// grew while the disk idled: ~13 % more CPU a message in eight 1 M pairs, twenty-second session).
    /// </remarks>
    /// <param name="paceDue">
    /// Whether the offered batch may be committed now (<c>MinCommitIntervalMicroseconds</c>, <c>CommitAtOnceBytes</c>);
    /// called under the lock, must not block.
    /// </param>
    /// <param name="batch">The batch with <see cref="CommitTake.Taken"/>, else null.</param>
    public CommitTake Take(Func<CommitBatch, bool> paceDue, out CommitBatch batch)
    {
        lock (_gate)
        {
            if (TryTakeWhenDueLocked(paceDue, out batch) is { } result)
            {
                return result;
            }
            _writerWaiting = true;
        }
        while (true)
        {
            _writerWake.Wait();
            lock (_gate)
            {
                // A wake-up can be left over from an earlier wait (a set after that wait had already found its batch).
                if (TryTakeWhenDueLocked(paceDue, out batch) is { } result)
                {
                    _writerWaiting = false;
                    return result;
                }
            }
        }
    }

    /// <summary>
    /// The writer waits out the commit pace, at most <paramref name="left"/>, after <see cref="Take"/> found the
    /// offered batch not due; returns early when a full batch is added, the handoff is completed, or a batch is
    /// offered that <paramref name="takeAtOnce"/> says need not wait for the pace (an acked batch that grew to
    /// <c>CommitAtOnceBytes</c> as the process side took it back and filled it on). The writer then takes again.
    /// </summary>
    /// <remarks>
    /// Meanwhile the writer is not waiting in <see cref="Take"/>, so the offered batch stays the process side's to take
    /// back and fill (<see cref="Reclaim"/>), and the receive thread's to commit when due. Offers that must still wait
    /// do not wake it: at a moderate rate the process side re-offers after every batch it adds.
    /// </remarks>
    /// <param name="left">How long until the pace is due.</param>
    /// <param name="takeAtOnce">Called under the lock with each batch offered meanwhile; must not block.</param>
    public void WaitOutPace(TimeSpan left, Func<CommitBatch, bool> takeAtOnce)
    {
        lock (_gate)
        {
            if (_full is not null || _completed || (_offered is not null && takeAtOnce(_offered)))
            {
                return;
            }
            _pacingTakesAtOnce = takeAtOnce;
        }
        _writerWake.Wait(left);
        lock (_gate)
        {
            _pacingTakesAtOnce = null;
        }
    }

    /// <summary>True, once, when the writer waits out the pace: the caller wakes it (after leaving the lock).</summary>
    private bool StopPacingLocked()
    {
        if (_pacingTakesAtOnce is null)
        {
            return false;
        }
        _pacingTakesAtOnce = null;
        return true;
    }

    private CommitTake? TryTakeWhenDueLocked(Func<CommitBatch, bool> paceDue, out CommitBatch batch)
    {
        if (_full is not null || (_offered is not null && (_completed || paceDue(_offered))))
        {
            TakeLocked(out batch);
            return CommitTake.Taken;
        }
        batch = null!;
        if (_offered is not null)
        {
            return CommitTake.NotDue;
        }
        return _completed ? CommitTake.Completed : null;
    }

    /// <summary>Takes the oldest batch without waiting.</summary>
    public bool TryTake(out CommitBatch batch)
    {
        lock (_gate)
        {
            return TakeLocked(out batch);
        }
    }

    /// <summary>The writer is ready (at start), or done with the batch it took last: durable and published (see <see cref="IsWriterFree"/>).</summary>
    public void Release()
    {
        lock (_gate)
        {
            _writerBusy = false;
        }
    }

    /// <summary>No more batches; the writer drains what is left and then sees the end.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
        _writerWake.Set();
    }

    /// <summary>Closes the writer's wake-up; after both threads have stopped.</summary>
    public void Dispose() => _writerWake.Dispose();

    private bool TakeLocked(out CommitBatch batch)
    {
        if (_full is not null)
        {
            batch = _full;
            _full = null;
            _writerBusy = true;
            // A process thread may be waiting in AddFull for this slot.
            Monitor.PulseAll(_gate);
            return true;
        }
        if (_offered is not null)
        {
            batch = _offered;
            _offered = null;
            _writerBusy = true;
            Monitor.PulseAll(_gate);
            return true;
        }
        batch = null!;
        return false;
    }
}
