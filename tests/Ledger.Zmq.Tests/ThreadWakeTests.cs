using Ledger.Zmq;

namespace Ledger.Zmq.Tests;

public sealed class ThreadWakeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Wait_SetBefore_ReturnsAtOnce()
    {
        using var wake = new ThreadWake();
        wake.Set();

        await Task.Run(wake.Wait).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_NoSet_BlocksUntilAnotherThreadSets()
    {
        using var wake = new ThreadWake();
        var waiting = Task.Factory.StartNew(wake.Wait, TaskCreationOptions.LongRunning);

        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "the wait returned without a set");

        wake.Set();
        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wait_TwoSetsBeforeOneWait_TheNextWaitBlocksAgain()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the eventfd coalesces sets; the fallback semaphore counts them, which only adds a spurious wake-up
        }
        using var wake = new ThreadWake();
        wake.Set();
        wake.Set();
        wake.Wait();

        var waiting = Task.Factory.StartNew(wake.Wait, TaskCreationOptions.LongRunning);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "sets were not taken together by one wait");
        wake.Set();
        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public void WaitWithTimeout_NoSet_FalseOnceTheTimeHasPassed()
    {
        using var wake = new ThreadWake();
        var waited = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(wake.Wait(TimeSpan.FromMilliseconds(30)));

        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(30), $"returned after {waited.Elapsed.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public void WaitWithTimeout_SetBefore_TrueAtOnceAndTheSetIsTaken()
    {
        using var wake = new ThreadWake();
        wake.Set();

        // Ten minutes: returning at all says the set ended it.
        Assert.True(wake.Wait(TimeSpan.FromMinutes(10)));
        Assert.False(wake.Wait(TimeSpan.FromMilliseconds(10)), "the set was left for the next wait");
    }

    [Fact]
    public async Task WaitWithTimeout_SetByAnotherThread_TrueBeforeTheTimeout()
    {
        using var wake = new ThreadWake();
        var waiting = Task.Factory.StartNew(() => wake.Wait(TimeSpan.FromMinutes(10)), TaskCreationOptions.LongRunning);

        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "the wait returned without a set");
        wake.Set();

        Assert.True(await waiting.WaitAsync(Timeout));
    }

    [Fact]
    public void Set_AfterDispose_DoesNothing()
    {
        var wake = new ThreadWake();
        wake.Dispose();

        wake.Set();
    }
}
