namespace Ledger.Daemon.Journal;

/// <summary>A bounded FIFO between dedicated pipeline threads: blocking add and take on a monitor, no thread pool.</summary>
/// <remarks>
/// Replaces channels between the receive, process and journal threads. A channel wakes a blocked reader by running
/// a continuation on the thread pool, which then wakes the reader: two hops, and pool workers that spin while they
/// look for more work, on a 2-core machine where every cycle is needed for decoding and enrichment. Here the adding
/// thread pulses the waiting thread directly. Each handoff has its own monitor, so a pulse wakes only the threads
/// on its two ends (with one monitor for the whole pipeline, every commit the writer took woke the process thread
/// waiting for input, for nothing).
/// </remarks>
internal sealed class BatchHandoff<T>(int capacity) where T : class
{
    private readonly Queue<T> _items = new(capacity);
    private readonly object _gate = new();
    private bool _completed;

    /// <summary>True once <see cref="Complete"/> was called.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>Adds without waiting; false when full or completed.</summary>
    public bool TryAdd(T item)
    {
        lock (_gate)
        {
            if (_completed || _items.Count >= capacity)
            {
                return false;
            }
            _items.Enqueue(item);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Adds, waiting while full; false when the handoff was completed instead.</summary>
    public bool Add(T item)
    {
        lock (_gate)
        {
            while (_items.Count >= capacity && !_completed)
            {
                Monitor.Wait(_gate);
            }
            if (_completed)
            {
                return false;
            }
            _items.Enqueue(item);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Takes the oldest item without waiting.</summary>
    public bool TryTake(out T item)
    {
        lock (_gate)
        {
            if (!_items.TryDequeue(out item!))
            {
                return false;
            }
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Takes the oldest item, waiting for one; false once completed and empty.</summary>
    public bool Take(out T item)
    {
        lock (_gate)
        {
            while (_items.Count == 0 && !_completed)
            {
                Monitor.Wait(_gate);
            }
            if (!_items.TryDequeue(out item!))
            {
                return false;
            }
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>True when no item is waiting.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _items.Count == 0;
            }
        }
    }

    /// <summary>Waits until an item is waiting, without taking it; false once completed and empty.</summary>
    /// <remarks>For a taker that takes under a lock of its own (see <see cref="ProcessingLoop"/>).</remarks>
    public bool WaitForItem()
    {
        lock (_gate)
        {
            while (_items.Count == 0 && !_completed)
            {
                Monitor.Wait(_gate);
            }
            return _items.Count > 0;
        }
    }

    /// <summary>No more adds; takers drain what is left and then see the end.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
