using System.Globalization;
using System.Text;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Daemon.Tests.Tools;

/// <summary><c>tools/bench/latency_windows.py</c> over a timeline and a scheduler trace made to a known answer.</summary>
public sealed class LatencyWindowsToolTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Script => Path.Combine(RepoPaths.Root, "tools", "bench", "latency_windows.py");

    [Fact]
    public async Task Run_SlowMessagesWhereKdamondRan_CountedInItsWindowAndTheTailOutsideIsTheRest()
    {
        // 1,000 messages 1 ms apart from t = 100 s, 1 ms each, but the 8 sent at 100.496-100.503 s, while kdamond
        // ran on CPU 1 (100.500-100.504 s, twice), took 6 ms, and the 5 sent at 100.900-100.904 s took 4 ms while
        // only kswapd ran, which is not asked for. kdamond also ran from before the first message to just after it
        // (a window that overlaps the run's start counts), and a thread whose name has spaces runs too.
        var output = await RunAsync(i => i is >= 496 and < 504 ? 6.0 : i is >= 900 and < 905 ? 4.0 : 1.0, """
            [001]    99.850000: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kdamond.0 next_pid=83 next_prio=120
            [001]   100.001000: prev_comm=kdamond.0 prev_pid=83 prev_prio=120 prev_state=I ==> next_comm=swapper/1 next_pid=0 next_prio=120
            [000]   100.100000: prev_comm=dotnet prev_pid=10 prev_prio=120 prev_state=S ==> next_comm=.NET Tiered Com next_pid=11 next_prio=120
            [000]   100.100050: prev_comm=.NET Tiered Com prev_pid=11 prev_prio=120 prev_state=S ==> next_comm=dotnet next_pid=10 next_prio=120
            [001]   100.500000: prev_comm=ledger-journal prev_pid=12 prev_prio=120 prev_state=S ==> next_comm=kdamond.0 next_pid=83 next_prio=120
            [001]   100.503000: prev_comm=kdamond.0 prev_pid=83 prev_prio=120 prev_state=R ==> next_comm=ledger-process next_pid=13 next_prio=120
            [001]   100.503500: prev_comm=ledger-process prev_pid=13 prev_prio=120 prev_state=S ==> next_comm=kdamond.0 next_pid=83 next_prio=120
            [001]   100.504000: prev_comm=kdamond.0 prev_pid=83 prev_prio=120 prev_state=I ==> next_comm=swapper/1 next_pid=0 next_prio=120
            [000]   100.900000: prev_comm=dotnet prev_pid=10 prev_prio=120 prev_state=S ==> next_comm=kswapd0 next_pid=47 next_prio=120
            [000]   100.901000: prev_comm=kswapd0 prev_pid=47 prev_prio=120 prev_state=S ==> next_comm=dotnet next_pid=10 next_prio=120
            not a switch line
            """);

        // p99 is the 991st of 1,000: 4 ms. Messages sent 6 ms before to 2 ms after a window are in it: 100.494-100.506 s
        // (13, the eight slow ones among them) and up to 100.003 s (4).
        Assert.Contains("1000 messages, p99 4.00 ms; 2 windows of kdamond in the run", output, StringComparison.Ordinal);
        Assert.Contains("at + -0.150 s: 151.0 ms long, 151.00 ms on a CPU; messages >= p99 sent in it: 0", output, StringComparison.Ordinal);
        Assert.Contains("at +  0.500 s:   4.0 ms long,  3.50 ms on a CPU; messages >= p99 sent in it: 8", output, StringComparison.Ordinal);
        Assert.Contains("messages >= p99 sent in a window: 8 of 13", output, StringComparison.Ordinal);
        Assert.Contains("all messages: n 1000, p50 1.00, p99 4.00, p99.9 6.00 ms", output, StringComparison.Ordinal);
        Assert.Contains("sent outside the windows: n 983, p50 1.00, p99 1.00, p99.9 4.00 ms", output, StringComparison.Ordinal);
        Assert.Contains("wake-ups of 1 ms or longer on a message's path: 0 (none, or the trace has no sched_waking)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TraceWithWakings_SplitsTheTailBySlowWakeUpAndSlowIo()
    {
        // 1,000 messages 1 ms apart from t = 100 s, 1 ms each, but 12 took 5 ms: the 5 sent at 100.100-100.104 s while
        // libzmq's I/O thread waited 4 ms to run on an idle CPU, the 3 at 100.300-100.302 s while the receive thread
        // waited 2 ms behind another job, the 2 at 100.500-100.501 s while it slept 3 ms in D (an fsync; a 1.2 ms
        // wake-up of the I/O thread onto an idle CPU overlapped less of their wait, so they count as the fsync's), and
        // the 2 at 100.700-100.701 s across nothing in the trace. Not counted: a 0.1 ms wake-up, a slow wake-up of a
        // thread off the path (kworker), and a sched_wakeup line 10 ms before its thread's sched_waking (taken as one,
        // it would be slow).
        var output = await RunAsync(i => i is >= 100 and < 105 or >= 300 and < 303 or >= 500 and < 502 or >= 700 and < 702 ? 5.0 : 1.0, """
            [000]   100.050000: sched:sched_switch: prev_comm=ZMQbg/IO/0 prev_pid=20 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            [001]   100.100500: sched:sched_waking: comm=ZMQbg/IO/0 pid=20 prio=120 target_cpu=000
            [000]   100.104500: sched:sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=ZMQbg/IO/0 next_pid=20 next_prio=120
            [000]   100.106000: sched:sched_switch: prev_comm=ZMQbg/IO/0 prev_pid=20 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            [001]   100.200000: sched:sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=other-job next_pid=30 next_prio=120
            [000]   100.300500: sched:sched_waking: comm=ledger-receive pid=21 prio=120 target_cpu=001
            [001]   100.302500: sched:sched_switch: prev_comm=other-job prev_pid=30 prev_prio=120 prev_state=R ==> next_comm=ledger-receive next_pid=21 next_prio=120
            [001]   100.500000: sched:sched_waking: comm=ZMQbg/IO/0 pid=20 prio=120 target_cpu=000
            [001]   100.500200: sched:sched_switch: prev_comm=ledger-receive prev_pid=21 prev_prio=120 prev_state=D ==> next_comm=swapper/1 next_pid=0 next_prio=120
            [000]   100.501200: sched:sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=ZMQbg/IO/0 next_pid=20 next_prio=120
            [000]   100.501300: sched:sched_switch: prev_comm=ZMQbg/IO/0 prev_pid=20 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
            [001]   100.503200: sched:sched_waking: comm=ledger-receive pid=21 prio=120 target_cpu=001
            [001]   100.503210: sched:sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=ledger-receive next_pid=21 next_prio=120
            [000]   100.790000: sched:sched_wakeup: comm=ledger-journal pid=22 prio=120 target_cpu=000
            [000]   100.800000: sched:sched_waking: comm=ledger-journal pid=22 prio=120 target_cpu=000
            [000]   100.800100: sched:sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=ledger-journal next_pid=22 next_prio=120
            [000]   100.900000: sched:sched_waking: comm=kworker/0:1 pid=40 prio=120 target_cpu=000
            [000]   100.902000: sched:sched_switch: prev_comm=ledger-journal prev_pid=22 prev_prio=120 prev_state=S ==> next_comm=kworker/0:1 next_pid=40 next_prio=120
            """);

        Assert.Contains("1000 messages, p99 5.00 ms; 0 windows of kdamond in the run", output, StringComparison.Ordinal);
        Assert.Contains("wake-ups of 1 ms or longer on a message's path: 3\n", output, StringComparison.Ordinal);
        Assert.Contains("      2  ZMQbg/IO/0 onto an idle CPU\n      1  ledger-receive behind other-job\n", output, StringComparison.Ordinal);
        Assert.Contains("uninterruptible sleeps (I/O) of 1 ms or longer on a message's path: 1, longest 3.00 ms", output, StringComparison.Ordinal);
        Assert.Contains(
            "messages >= p99 by what most of their wait overlapped: in a window 0; a slow wake-up onto an idle CPU 5; "
            + "a slow wake-up behind a busy CPU 3; a slow I/O wait 2; none of these 2",
            output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WakingsTracedButNoneSlow_StillSplitsTheTailBySlowIo()
    {
        // The 12 messages sent at 100.495-100.506 s took 5 ms; the receive thread slept 3 ms in D (100.5002-100.5032 s)
        // while the 8 sent at 100.496-100.503 s waited; every wake-up on the path was fast.
        var output = await RunAsync(i => i is >= 495 and < 507 ? 5.0 : 1.0, """
            [001]   100.500200: sched:sched_switch: prev_comm=ledger-receive prev_pid=21 prev_prio=120 prev_state=D ==> next_comm=swapper/1 next_pid=0 next_prio=120
            [001]   100.503200: sched:sched_waking: comm=ledger-receive pid=21 prio=120 target_cpu=001
            [001]   100.503210: sched:sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=ledger-receive next_pid=21 next_prio=120
            """);

        Assert.Contains("wake-ups of 1 ms or longer on a message's path: 0\n", output, StringComparison.Ordinal);
        Assert.Contains("uninterruptible sleeps (I/O) of 1 ms or longer on a message's path: 1, longest 3.00 ms", output, StringComparison.Ordinal);
        Assert.Contains("a slow I/O wait 8; none of these 4", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the tool over 1,000 messages sent 1 ms apart from t = 100 s, each taking <paramref name="latencyMsOf"/>(its
    /// index) ms, and the scheduler trace <paramref name="sched"/>; returns what it printed.
    /// </summary>
    private async Task<string> RunAsync(Func<int, double> latencyMsOf, string sched)
    {
        var timeline = new StringBuilder("sent_ticks,acked_ticks,latency_ms\n");
        for (var i = 0; i < 1000; i++)
        {
            var sent = 100_000_000_000L + i * 1_000_000L;
            var latency = latencyMsOf(i);
            timeline.Append(CultureInfo.InvariantCulture, $"{sent},{sent + (long)(latency * 1e6)},{latency:0.000}\n");
        }
        File.WriteAllText(_temp.Combine("timeline.csv"), timeline.ToString());
        File.WriteAllText(_temp.Combine("sched.txt"), sched);
        using var tool = PythonPeer.StartFile(Script, "--timeline", _temp.Combine("timeline.csv"), "--sched", _temp.Combine("sched.txt"));
        await tool.CompleteAsync();
        return tool.Output;
    }

    [Fact]
    public async Task Run_NoSchedTrace_ExitsTwoWithUsage()
    {
        using var tool = PythonPeer.StartFile(Script, "--timeline", "x.csv");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => tool.CompleteAsync());
        Assert.Contains("exited 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("usage:", tool.Output, StringComparison.Ordinal);
    }
}
