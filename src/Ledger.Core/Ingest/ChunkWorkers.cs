namespace Ledger.Core.Ingest;

/// <summary>
/// A tiny fork-join pool of dedicated threads for the processing stage: the caller and the workers take chunks of a
/// batch until none are left, then the caller waits for the workers.
/// </summary>
/// <remarks>
/// Dedicated threads rather than Parallel.For: measured in the daemon, thread-pool workers rarely woke in time to
/// take a chunk of a 2,048-frame batch before the calling thread had done them all, so the stage stayed serial.
/// Spinning briefly before blocking keeps the wake-up cheap when batches arrive back to back.
/// </remarks>
public sealed class ChunkWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _start;
    private readonly CountdownEvent _done;
    private Action<int>? _work;
    private int _chunks;
    private int _nextChunk;
    private volatile bool _stopping;

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
        if (_threads.Length == 0 || chunks <= 1)
        {
            for (var c = 0; c < chunks; c++)
            {
                work(c);
            }
            return;
        }
        _work = work;
        _chunks = chunks;
        _nextChunk = 0;
        _done.Reset(_threads.Length);
        _start.Release(_threads.Length);
        TakeChunks();
        _done.Wait();
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

    public void Dispose()
    {
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
