using Ledger.Daemon.Hosting;

namespace Ledger.Daemon.Tests.Hosting;

public sealed class WaitClockTests
{
    [Fact]
    public void Elapsed_NeverWaited_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, new WaitClock().Elapsed);
    }

    [Fact]
    public void Elapsed_WaitInProgress_CountsItAndStopsAtEnd()
    {
        var clock = new WaitClock();
        clock.Begin();
        // The wait in progress counts: the total grows without an End.
        var first = clock.Elapsed;
        SpinWait.SpinUntil(() => clock.Elapsed > first, TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed > first);

        clock.End();
        var ended = clock.Elapsed;
        Thread.Sleep(20);

        Assert.True(ended > TimeSpan.Zero);
        Assert.Equal(ended, clock.Elapsed);
    }

    [Fact]
    public void Elapsed_SecondWait_AddsToTheFirst()
    {
        var clock = new WaitClock();
        clock.Begin();
        Thread.Sleep(5);
        clock.End();
        var once = clock.Elapsed;

        clock.Begin();
        Thread.Sleep(5);
        clock.End();

        Assert.True(clock.Elapsed > once);
    }

    [Fact]
    public void Elapsed_ReadWhileTheWaiterBeginsAndEnds_NeverGoesDown()
    {
        // A Prometheus counter must not decrease: reads racing the waiter's updates must see consistent moments.
        var clock = new WaitClock();
        using var stop = new CancellationTokenSource();
        var waiter = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                clock.Begin();
                Thread.SpinWait(50);
                clock.End();
                Thread.SpinWait(50);
            }
        });
        waiter.Start();
        try
        {
            var last = TimeSpan.Zero;
            for (var i = 0; i < 300_000; i++)
            {
                var now = clock.Elapsed;
                Assert.True(now >= last, $"read {i}: {now.Ticks} ticks after {last.Ticks}");
                last = now;
            }
        }
        finally
        {
            stop.Cancel();
            waiter.Join();
        }
    }
}
