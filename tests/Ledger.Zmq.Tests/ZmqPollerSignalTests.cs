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
        using var quiet = _context.CreateSocket(ZmqSocketType.Pull);
        quiet.Bind("tcp://127.0.0.1:*");
        using var poller = new ZmqPoller();
        poller.Add(quiet);

        AssertWaitsOutSignals(() => poller.Poll(1000), "Poll(1000)");
    }

    [Fact]
    public void SignalPollerWait_InterruptedBySignals_WaitsOutTheWholeTimeout()
    {
        // The daemon's receive thread waits in poll(2) itself now: a SIGCHLD must not end its wait early either.
        using var quiet = _context.CreateSocket(ZmqSocketType.Pull);
        quiet.Bind("tcp://127.0.0.1:*");
        using var frame = new ZmqFrame();
        Assert.False(frame.TryReceive(quiet, dontWait: true)); // drained: its signal is armed
        using var poller = new ZmqSignalPoller();
        poller.Add(quiet);

        AssertWaitsOutSignals(() => poller.Wait(1000), "Wait(1000)");
    }

    /// <summary>Runs <paramref name="wait"/> (a 1 s wait on a silent socket) on a thread sent SIGCHLD every 50 ms: it must return 0 after the whole second.</summary>
    private static void AssertWaitsOutSignals(Func<int> wait, string what)
    {
        // .NET installs its SIGCHLD handler with the first child process; until then the signal is ignored and
        // interrupts nothing. The bench always has one (its sender).
        using (var child = Process.Start("true"))
        {
            child.WaitForExit();
        }
        using var waiting = new ManualResetEventSlim();
        var threadId = 0;
        var ready = -1;
        var elapsed = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            threadId = GetTid();
            waiting.Set();
            var stopwatch = Stopwatch.StartNew();
            ready = wait();
            elapsed = stopwatch.Elapsed;
        });
        thread.Start();
        waiting.Wait();

        // poll(2) is never restarted after a signal handler: every SIGCHLD aimed at the waiting thread makes it
        // fail with EINTR, as a bench sender's exit did.
        var signals = 0;
        while (!thread.Join(50))
        {
            Assert.Equal(0, TgKill(Environment.ProcessId, threadId, SigChld));
            signals++;
        }

        Assert.True(signals >= 5, $"only {signals} signals were sent");
        Assert.Equal(0, ready);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(990), $"{what} returned 0 after {elapsed.TotalMilliseconds:F0} ms");
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "tgkill")]
    private static partial int TgKill(int processId, int threadId, int signal);
}
