using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ledger.Zmq.Tests;

public sealed partial class ZmqPollerSignalTests : IDisposable
{
    private const int SigChld = 17; // what the kernel sends this process when one of its child processes exits

    private readonly ZmqContext _context = new();

    public void Dispose()
    {
        _context.Shutdown();
        _context.Dispose();
    }

    [Fact]
    public void Poll_InterruptedBySignals_WaitsOutTheWholeTimeout()
    {
        // .NET installs its SIGCHLD handler with the first child process; until then the signal is ignored and
        // interrupts nothing. The bench always has one (its sender).
        using (var child = Process.Start("true"))
        {
            child.WaitForExit();
        }
        using var quiet = _context.CreateSocket(ZmqSocketType.Pull);
        quiet.Bind("tcp://127.0.0.1:*");
        using var poller = new ZmqPoller();
        poller.Add(quiet);
        using var polling = new ManualResetEventSlim();
        var threadId = 0;
        var ready = -1;
        var elapsed = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            threadId = GetTid();
            polling.Set();
            var stopwatch = Stopwatch.StartNew();
            ready = poller.Poll(1000);
            elapsed = stopwatch.Elapsed;
        });
        thread.Start();
        polling.Wait();

        // poll(2) is never restarted after a signal handler: every SIGCHLD aimed at the polling thread makes
        // zmq_poll fail with EINTR, as a bench sender's exit did.
        var signals = 0;
        while (!thread.Join(50))
        {
            Assert.Equal(0, TgKill(Environment.ProcessId, threadId, SigChld));
            signals++;
        }

        Assert.True(signals >= 5, $"only {signals} signals were sent");
        Assert.Equal(0, ready);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(990), $"Poll(1000) returned 0 after {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void SignalPollerWait_InterruptedBySignals_WaitsOutTheWholeTimeout()
    {
        using (var child = Process.Start("true"))
        {
            child.WaitForExit();
        }
        using var quiet = _context.CreateSocket(ZmqSocketType.Pull);
        quiet.Bind("tcp://127.0.0.1:*");
        using var frame = new ZmqFrame();
        Assert.False(frame.TryReceive(quiet, dontWait: true)); // drained: its signal is armed
        using var poller = new ZmqSignalPoller();
        poller.Add(quiet);
        using var polling = new ManualResetEventSlim();
        var threadId = 0;
        var ready = -1;
        var elapsed = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            threadId = GetTid();
            polling.Set();
            var stopwatch = Stopwatch.StartNew();
            ready = poller.Wait(1000);
            elapsed = stopwatch.Elapsed;
        });
        thread.Start();
        polling.Wait();

        // The daemon's receive thread waits in poll(2) itself now: a SIGCHLD must not end the wait early either.
        var signals = 0;
        while (!thread.Join(50))
        {
            Assert.Equal(0, TgKill(Environment.ProcessId, threadId, SigChld));
            signals++;
        }

        Assert.True(signals >= 5, $"only {signals} signals were sent");
        Assert.Equal(0, ready);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(990), $"Wait(1000) returned 0 after {elapsed.TotalMilliseconds:F0} ms");
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "tgkill")]
    private static partial int TgKill(int processId, int threadId, int signal);
}
