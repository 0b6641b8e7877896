using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ledger.Zmq.Tests;

/// <summary>Both kinds of signal: the eventfd (Linux) and the inproc fallback the other platforms use.</summary>
public sealed class WakeSignalTests : IDisposable
{
    private readonly ZmqContext _context = new();

    public static TheoryData<bool> Kinds => OperatingSystem.IsLinux() ? new() { true, false } : new() { false };

    public void Dispose()
    {
        _context.Shutdown();
        _context.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Wait_SetSeveralTimes_SignalsOnceAndResetClears(bool eventFd)
    {
        using var signal = new WakeSignal(_context, eventFd);
        using var poller = new ZmqSignalPoller();
        var index = poller.Add(signal);
        Assert.Equal(eventFd, signal.IsEventFd);
        signal.Reset(); // the fallback's PULL, like any socket, starts drained to EAGAIN

        signal.Set();
        signal.Set();
        signal.Set();

        Assert.Equal(1, poller.Wait(5000));
        Assert.True(poller.IsSignaled(index));
        signal.Reset();
        Assert.Equal(0, poller.Wait(100));
        Assert.False(poller.IsSignaled(index));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Wait_SetFromAnotherThread_WakesTheWaiter(bool eventFd)
    {
        using var signal = new WakeSignal(_context, eventFd);
        using var poller = new ZmqSignalPoller();
        var index = poller.Add(signal);
        signal.Reset();
        var stopwatch = Stopwatch.StartNew();
        var setter = new Thread(() =>
        {
            Thread.Sleep(200);
            signal.Set();
        });
        setter.Start();

        Assert.Equal(1, poller.Wait(5000));

        Assert.True(poller.IsSignaled(index));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(150), $"woke after {stopwatch.Elapsed.TotalMilliseconds:F0} ms, before the set");
        setter.Join();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Set_ManySettersWaiterResetsBeforeTakingWork_NoWorkLeftBehind(bool eventFd)
    {
        // The daemon's ack pattern: setters queue work then set; the waiter resets, then takes everything queued. A
        // set lost between the reset and the take would leave work queued and the waiter asleep: a 5 s stall here.
        const int Setters = 4;
        const int ItemsEach = 2000;
        using var signal = new WakeSignal(_context, eventFd);
        using var poller = new ZmqSignalPoller();
        var index = poller.Add(signal);
        signal.Reset();
        var work = new ConcurrentQueue<int>();
        var threads = Enumerable.Range(0, Setters).Select(t => new Thread(() =>
        {
            for (var i = 0; i < ItemsEach; i++)
            {
                work.Enqueue(i);
                signal.Set();
                if (i % 100 == 0)
                {
                    Thread.Sleep(1);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());

        var taken = 0;
        while (taken < Setters * ItemsEach)
        {
            Assert.True(poller.Wait(5000) > 0, $"no wake-up for 5 s with {taken} items taken and {work.Count} queued");
            Assert.True(poller.IsSignaled(index));
            signal.Reset();
            while (work.TryDequeue(out _))
            {
                taken++;
            }
        }
        threads.ForEach(t => t.Join());
        Assert.Equal(Setters * ItemsEach, taken);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Set_AfterDispose_DoesNothing(bool eventFd)
    {
        var signal = new WakeSignal(_context, eventFd);
        signal.Dispose();

        signal.Set();

        Assert.Throws<ObjectDisposedException>(signal.Reset);
    }
}
