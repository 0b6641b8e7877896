using System.Diagnostics;

namespace Ledger.Core.Ingest;

/// <summary>
/// A tiny fork-join pool of dedicated threads for the processing stage: the caller and the workers take chunks of a
/// batch until none are left, then the caller waits for the workers.
/// </summary>
/// <remarks>
/// Dedicated threads rather than Parallel.For: measured in the daemon, thread-pool workers rarely woke in time to
/// take a chunk of a 2,048-frame batch before the calling thread had done them all, so the stage stayed serial.
/// Spinning briefly before blocking keeps the wake-up cheap when batches arrive back to back. <see cref="Start"/>
/// and <see cref="Join"/> let the caller do something else while the workers run (the processor commits one batch
/// while the next is prepared).
/// </remarks>
public sealed class ChunkWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _start;
    private readonly CountdownEvent _done;
    private Action<int>? _work;
    private int _chunks;
    private int _nextChunk;
    private bool _workersWoken;
    private volatile bool _stopping;
    private long _joinWaitTicks;

    public ChunkWorkers(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 0);
        _start = new SemaphoreSlim(0);
        _done = new CountdownEvent(1);
        _threads = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = "ledger-enrich" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> for every chunk index in [0, <paramref name="chunks"/>) and returns when all are done.</summary>
    /// <remarks>Not reentrant: one caller (the processing thread) at a time.</remarks>
    public void Run(int chunks, Action<int> work)
    {
        Start(chunks, work);
        Join();
    }

    /// <summary>
    /// Hands the chunks to the worker threads and returns at once, so the caller can do other work meanwhile;
    /// <see cref="Join"/> must follow before the next <see cref="Start"/>.
    /// </summary>
    /// <remarks>With no worker threads nothing runs until <see cref="Join"/>, which then does every chunk.</remarks>
    public void Start(int chunks, Action<int> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_work is not null)
        {
            throw new InvalidOperationException("ChunkWorkers.Start called again before Join");
        }
        _work = work;
        _chunks = chunks;
        _nextChunk = 0;
        _workersWoken = _threads.Length > 0 && chunks > 1;
        if (_workersWoken)
        {
            _done.Reset(_threads.Length);
            _start.Release(_threads.Length);
        }
    }

    /// <summary>
    /// How long <see cref="Join"/> has waited, in all, for workers still busy with their last chunks once none were
    /// left to take (the caller's idle time in this stage; /metrics shows it).
    /// </summary>
    public TimeSpan JoinWaitTime => TimeSpan.FromSeconds(Volatile.Read(ref _joinWaitTicks) / (double)Stopwatch.Frequency);

    /// <summary>Takes the chunks no worker has taken yet, then waits until every chunk of the run is done.</summary>
    public void Join()
    {
        if (_work is null)
        {
            return;
        }
        TakeChunks();
        if (_workersWoken && !_done.IsSet)
        {
            var waitStarted = Stopwatch.GetTimestamp();
            _done.Wait();
            Volatile.Write(ref _joinWaitTicks, _joinWaitTicks + (Stopwatch.GetTimestamp() - waitStarted));
        }
        _work = null;
    }

    private void TakeChunks()
    {
        int chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < _chunks)
        {
            _work!(chunk);
        }
    }

    private void Run()
    {
        while (true)
        {
            _start.Wait();
            if (_stopping)
            {
                return;
            }
            try
            {
                TakeChunks();
            }
            finally
            {
                _done.Signal();
            }
        }
    }

    /// <summary>Finishes a started run, then stops the worker threads.</summary>
    public void Dispose()
    {
        Join();
        _stopping = true;
        if (_threads.Length > 0)
        {
            // SemaphoreSlim.Release(0) throws: a pool with no workers (Workers = 1) has nobody to wake.
            _start.Release(_threads.Length);
        }
        foreach (var thread in _threads)
        {
            thread.Join();
        }
        _start.Dispose();
        _done.Dispose();
    }
}
