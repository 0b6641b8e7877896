using Ledger.Core.Ingest;

namespace Ledger.Core.Tests.Ingest;

public sealed class ChunkWorkersTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void StartThenJoin_EveryChunkRunsOnceBeforeJoinReturns(int workers)
    {
        using var pool = new ChunkWorkers(workers);
        for (var round = 0; round < 50; round++)
        {
            var runs = new int[37];
            pool.Start(runs.Length, c => Interlocked.Increment(ref runs[c]));
            pool.Join();
            Assert.All(runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void Start_WorkersRunWhileCallerDoesOtherWork()
    {
        using var pool = new ChunkWorkers(1);
        using var started = new ManualResetEventSlim();
        var runs = 0;
        pool.Start(2, _ =>
        {
            started.Set();
            Interlocked.Increment(ref runs);
        });
        // The caller has taken no chunk yet, so only the worker can have run one.
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "the worker never ran a chunk before Join");
        pool.Join();
        Assert.Equal(2, runs);
    }

    [Fact]
    public void Start_TwiceWithoutJoin_Throws()
    {
        using var pool = new ChunkWorkers(1);
        pool.Start(4, _ => { });
        Assert.Throws<InvalidOperationException>(() => pool.Start(4, _ => { }));
        pool.Join();
        pool.Start(4, _ => { }); // usable again after Join
        pool.Join();
    }

    [Fact]
    public void Dispose_StartedRun_FinishesEveryChunk()
    {
        var runs = new int[16];
        using (var pool = new ChunkWorkers(1))
        {
            pool.Start(runs.Length, c => Interlocked.Increment(ref runs[c]));
        }
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void JoinWaitTime_WorkerStillOnItsChunk_CountsTheCallersWait()
    {
        using var pool = new ChunkWorkers(1);
        using var workerStarted = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        pool.Start(2, _ =>
        {
            if (Thread.CurrentThread.Name == "ledger-enrich")
            {
                workerStarted.Set();
                release.Wait();
            }
        });
        Assert.True(workerStarted.Wait(TimeSpan.FromSeconds(10)), "the worker never ran a chunk");
        using var releaser = new Timer(_ => release.Set(), null, 30, Timeout.Infinite);

        // The worker holds a chunk until released: Join has nothing left to take and must wait for it.
        pool.Join();

        Assert.True(pool.JoinWaitTime > TimeSpan.Zero);
    }

    [Fact]
    public void JoinWaitTime_NoWorkerThreads_StaysZero()
    {
        using var pool = new ChunkWorkers(0);
        pool.Run(8, _ => Thread.SpinWait(100));

        Assert.Equal(TimeSpan.Zero, pool.JoinWaitTime);
    }
}
