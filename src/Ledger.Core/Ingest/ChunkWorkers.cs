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
/// <para>
/// Each woken worker releases <c>_done</c> once when it has no chunk left, and <see cref="Join"/> takes one release
/// per worker. It used to be a <see cref="CountdownEvent"/> reset by every run: a worker preempted between counting
/// down to zero and setting the event set it after the next run's reset, so that run's Join returned while the worker
/// was still in a chunk, and the processor committed and cleared a batch the worker was writing (the daemon died
/// about once in 70 bench runs, seventeenth session). A semaphore has no reset to race with. An exception in a
/// worker's chunk is kept and thrown by <see cref="Join"/>, on the caller's thread, instead of ending the process.
/// </para>
/// </remarks>
public sealed class ChunkWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _start;
    private readonly SemaphoreSlim _done;
    private Action<int>? _work;
    private int _chunks;
    private int _nextChunk;
    private bool _workersWoken;
    private volatile bool _stopping;
    private long _joinWaitTicks;
    private Exception? _workerFailure;
    private readonly Action? _threadStart;

    /// <param name="workers">Dedicated threads (the caller of <see cref="Join"/> takes chunks too).</param>
    /// <param name="threadStart">
    /// Run first by each worker thread, before it waits for work (to make its per-thread state ahead of the first
    /// run); a run started meanwhile is joined only once it has finished. A failure in it is thrown by the first
    /// <see cref="Join"/> that wakes that worker.
    /// </param>
    public ChunkWorkers(int workers, Action? threadStart = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 0);
        _start = new SemaphoreSlim(0);
        _done = new SemaphoreSlim(0);
        _threadStart = threadStart;
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
            _start.Release(_threads.Length);
        }
    }

    /// <summary>
    /// How long <see cref="Join"/> has waited, in all, for workers still busy with their last chunks once none were
    /// left to take (the caller's idle time in this stage; /metrics shows it).
    /// </summary>
    public TimeSpan JoinWaitTime => TimeSpan.FromSeconds(Volatile.Read(ref _joinWaitTicks) / (double)Stopwatch.Frequency);

    /// <summary>Takes the chunks no worker has taken yet, then waits until every chunk of the run is done.</summary>
    /// <exception cref="AggregateException">A chunk failed on a worker thread (the inner exception is its error).</exception>
    public void Join()
    {
        if (_work is null)
        {
            return;
        }
        Exception? workerFailure;
        try
        {
            TakeChunks();
        }
        finally
        {
            // Even when the caller's own chunk failed: no worker may still be in this run when Join returns, and a
            // worker's failure belongs to this run (when the caller's own exception wins, it is dropped with it).
            WaitForWorkers();
            _work = null;
            workerFailure = Interlocked.Exchange(ref _workerFailure, null);
        }
        if (workerFailure is not null)
        {
            throw new AggregateException("a chunk failed on a worker thread", workerFailure);
        }
    }

    private void WaitForWorkers()
    {
        if (!_workersWoken)
        {
            return;
        }
        var waitStarted = _done.CurrentCount < _threads.Length ? Stopwatch.GetTimestamp() : 0;
        for (var i = 0; i < _threads.Length; i++)
        {
            _done.Wait();
        }
        if (waitStarted != 0)
        {
            Volatile.Write(ref _joinWaitTicks, _joinWaitTicks + (Stopwatch.GetTimestamp() - waitStarted));
        }
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
        var startFailure = RunThreadStart();
        while (true)
        {
            _start.Wait();
            if (_stopping)
            {
                return;
            }
            try
            {
                if (startFailure is not null)
                {
                    // This thread is not ready to run chunks; the run fails with the reason (once is enough).
                    var failure = startFailure;
                    startFailure = null;
                    throw new InvalidOperationException("a worker thread's start failed", failure);
                }
                TakeChunks();
            }
            catch (Exception ex)
            {
                // Thrown again by Join on the caller's thread: unhandled here, it would end the process at once.
                Interlocked.CompareExchange(ref _workerFailure, ex, null);
                // The caller stops taking chunks too; the rest of the run is abandoned with it.
                Interlocked.Exchange(ref _nextChunk, int.MaxValue / 2);
            }
            finally
            {
                _done.Release();
            }
        }
    }

    private Exception? RunThreadStart()
    {
        try
        {
            _threadStart?.Invoke();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>Finishes a started run, then stops the worker threads.</summary>
    public void Dispose()
    {
        try
        {
            Join();
        }
        catch (AggregateException)
        {
            // A failed run that nobody will commit: it is abandoned with the pool (Join already waited for it).
        }
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
