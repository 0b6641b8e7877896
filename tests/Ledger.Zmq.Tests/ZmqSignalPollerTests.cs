using System.Diagnostics;
using System.Text;

namespace Ledger.Zmq.Tests;

public sealed class ZmqSignalPollerTests : IDisposable
{
    private readonly ZmqContext _context = new();

    public void Dispose()
    {
        _context.Shutdown();
        _context.Dispose();
    }

    [Fact]
    public void Wait_MessageArrivesAfterDrain_SignalsOnlyThatSocket()
    {
        using var quiet = _context.CreateSocket(ZmqSocketType.Pull);
        quiet.Bind("tcp://127.0.0.1:*");
        using var busy = _context.CreateSocket(ZmqSocketType.Pull);
        var endpoint = busy.Bind("tcp://127.0.0.1:*");
        using var push = _context.CreateSocket(ZmqSocketType.Push);
        push.Connect(endpoint);
        using var poller = new ZmqSignalPoller();
        var quietIndex = poller.Add(quiet);
        var busyIndex = poller.Add(busy);
        using var frame = new ZmqFrame();
        Assert.False(frame.TryReceive(quiet, dontWait: true));
        Assert.False(frame.TryReceive(busy, dontWait: true));

        push.Send("late");

        // The connection's commands may signal first (and be drained to EAGAIN); the message must signal after.
        var deadline = Stopwatch.StartNew();
        string? received = null;
        while (received is null && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            Assert.True(poller.Wait(5000) > 0, "no signal within 5 s of the send");
            Assert.False(poller.IsSignaled(quietIndex));
            Assert.True(poller.IsSignaled(busyIndex));
            while (frame.TryReceive(busy, dontWait: true))
            {
                received = Encoding.UTF8.GetString(frame.Data);
            }
        }
        Assert.Equal("late", received);
    }

    [Fact]
    public void Wait_DrainedSocketNothingSent_ReturnsZeroAfterTimeout()
    {
        using var pull = _context.CreateSocket(ZmqSocketType.Pull);
        pull.Bind("tcp://127.0.0.1:*");
        using var poller = new ZmqSignalPoller();
        var index = poller.Add(pull);
        using var frame = new ZmqFrame();
        Assert.False(frame.TryReceive(pull, dontWait: true));

        var stopwatch = Stopwatch.StartNew();
        Assert.Equal(0, poller.Wait(300));

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"returned after {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.False(poller.IsSignaled(index));
    }

    [Fact]
    public void Wait_BurstsWithPauses_DrainOnSignalLosesNothing()
    {
        // The edge-triggered contract under load: a receiver that only drains what was signalled, and waits as soon
        // as every signalled socket is back to EAGAIN, must see every message; a lost signal shows as a 5 s stall.
        const int Bursts = 300;
        using var pull = _context.CreateSocket(ZmqSocketType.Pull);
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var poller = new ZmqSignalPoller();
        var index = poller.Add(pull);
        var sender = new Thread(() =>
        {
            using var push = _context.CreateSocket(ZmqSocketType.Push);
            push.Connect(endpoint);
            var random = new Random(7);
            for (var burst = 0; burst < Bursts; burst++)
            {
                for (var i = random.Next(1, 40); i > 0; i--)
                {
                    push.Send("m");
                }
                if (random.Next(3) == 0)
                {
                    Thread.Sleep(1);
                }
            }
            push.Send("end");
            push.SetOption(ZmqSocketOption.Linger, 5000);
        });
        sender.Start();

        using var frame = new ZmqFrame();
        var received = 0;
        var drain = true;
        var ended = false;
        while (!ended)
        {
            if (drain)
            {
                while (frame.TryReceive(pull, dontWait: true))
                {
                    ended = frame.Size == 3;
                    received++;
                }
            }
            if (!ended)
            {
                Assert.True(poller.Wait(5000) > 0, $"no signal for 5 s after {received} messages");
                drain = poller.IsSignaled(index);
            }
        }
        Assert.True(sender.Join(5000));
        Assert.InRange(received, Bursts + 1, (Bursts * 39) + 1);
    }

    [Fact]
    public void Wait_ContextShutdown_SignalsAndTheDrainThrowsTerminated()
    {
        Exception? caught = null;
        var waiting = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            using var pull = _context.CreateSocket(ZmqSocketType.Pull);
            pull.Bind("tcp://127.0.0.1:*");
            using var poller = new ZmqSignalPoller();
            var index = poller.Add(pull);
            using var frame = new ZmqFrame();
            try
            {
                var drain = true;
                while (true)
                {
                    if (drain)
                    {
                        while (frame.TryReceive(pull, dontWait: true))
                        {
                        }
                    }
                    waiting.Set();
                    poller.Wait(-1);
                    drain = poller.IsSignaled(index);
                }
            }
            catch (ZmqException ex)
            {
                caught = ex;
            }
        });
        thread.Start();
        Assert.True(waiting.Wait(5000));
        Thread.Sleep(100);

        _context.Shutdown();

        Assert.True(thread.Join(5000), "the waiting thread did not wake on shutdown");
        Assert.True(Assert.IsType<ZmqException>(caught).IsContextTerminated);
    }

    [Fact]
    public void WaitFor_OnlyAnotherEntrySignalled_WaitsOutTheTimeoutThenWaitZeroReportsIt()
    {
        using var busy = _context.CreateSocket(ZmqSocketType.Pull);
        var endpoint = busy.Bind("tcp://127.0.0.1:*");
        using var push = _context.CreateSocket(ZmqSocketType.Push);
        push.Connect(endpoint);
        using var wake = new WakeSignal(_context);
        using var poller = new ZmqSignalPoller();
        var busyIndex = poller.Add(busy);
        var wakeIndex = poller.Add(wake);
        using var frame = new ZmqFrame();
        Assert.False(frame.TryReceive(busy, dontWait: true));
        wake.Reset();
        push.Send("gathering");
        Assert.True(poller.Wait(5000) > 0);
        Assert.True(poller.IsSignaled(busyIndex));
        // Not drained: the socket's descriptor stays readable, but WaitFor does not watch it.

        var stopwatch = Stopwatch.StartNew();
        Assert.False(poller.WaitFor(wakeIndex.., TimeSpan.FromMilliseconds(150)));

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(140), $"returned after {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.False(poller.IsSignaled(busyIndex));
        Assert.True(poller.Wait(0) > 0);
        Assert.True(poller.IsSignaled(busyIndex));
        Assert.False(poller.IsSignaled(wakeIndex));
    }

    [Fact]
    public void WaitFor_WakeSignalSetFromAnotherThread_ReturnsBeforeTheTimeout()
    {
        using var wake = new WakeSignal(_context);
        using var pull = _context.CreateSocket(ZmqSocketType.Pull);
        pull.Bind("tcp://127.0.0.1:*");
        using var poller = new ZmqSignalPoller();
        poller.Add(pull);
        var wakeIndex = poller.Add(wake);
        wake.Reset();
        var setter = new Thread(() =>
        {
            Thread.Sleep(100);
            wake.Set();
        });
        var stopwatch = Stopwatch.StartNew();
        setter.Start();

        Assert.True(poller.WaitFor(wakeIndex.., TimeSpan.FromSeconds(10)));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"returned after {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(poller.IsSignaled(wakeIndex));
        setter.Join();
    }

    [Fact]
    public void WaitFor_MessageOnAWatchedSocket_ReturnsBeforeTheTimeout()
    {
        using var paced = _context.CreateSocket(ZmqSocketType.Pull);
        paced.Bind("tcp://127.0.0.1:*");
        using var urgent = _context.CreateSocket(ZmqSocketType.Pull);
        var endpoint = urgent.Bind("tcp://127.0.0.1:*");
        using var wake = new WakeSignal(_context);
        using var push = _context.CreateSocket(ZmqSocketType.Push);
        push.Connect(endpoint);
        using var poller = new ZmqSignalPoller();
        poller.Add(paced);
        var urgentIndex = poller.Add(urgent);
        poller.Add(wake);
        using var frame = new ZmqFrame();
        Assert.False(frame.TryReceive(paced, dontWait: true));
        wake.Reset();
        string? received = null;
        var stopwatch = Stopwatch.StartNew();
        push.Send("reply wanted");

        // The connection's commands may signal first (drained to EAGAIN); the message must signal after.
        while (received is null && stopwatch.Elapsed < TimeSpan.FromSeconds(5))
        {
            Assert.True(poller.WaitFor(urgentIndex.., TimeSpan.FromSeconds(10)));
            Assert.True(poller.IsSignaled(urgentIndex));
            while (frame.TryReceive(urgent, dontWait: true))
            {
                received = Encoding.UTF8.GetString(frame.Data);
            }
        }

        Assert.Equal("reply wanted", received);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Wait_NoSockets_Throws()
    {
        using var poller = new ZmqSignalPoller();
        Assert.Throws<InvalidOperationException>(() => poller.Wait(0));
    }
}
