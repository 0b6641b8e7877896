using System.Globalization;
using System.Text.Json;
using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;
using Ledger.Zmq;

namespace Ledger.Daemon.Tests.EndToEnd;

/// <summary><c>Ledger:Journal:MinCommitIntervalMicroseconds</c> and <c>CommitAtOnceBytes</c> against a real daemon: fewer commits, nothing lost.</summary>
public sealed class CommitPacingEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    private const int Bursts = 20;
    private const int PerBurst = 3;

    [Fact]
    public async Task Push_BurstsTwentyMillisecondsApartUnpaced_CommitsAtLeastOncePerBurst()
    {
        // The control for the paced test: an idle writer commits each burst as soon as it arrives.
        var (commits, _, _) = await SendBurstsAsync(acked: false, 0);

        Assert.True(commits > Bursts / 2, $"expected the unpaced daemon to commit more than {Bursts / 2} times for {Bursts} bursts, saw {commits}");
    }

    [Fact]
    public async Task Push_BurstsTwentyMillisecondsApartPaced_AtMostOneCommitPerInterval()
    {
        var (commits, singles, elapsed) = await SendBurstsAsync(acked: false, 100_000);

        // After a commit of more than one frame the next starts ≥ 100 ms later, so the whole exchange has room for
        // elapsed/100 ms + 1 of those: about 5 for the ~400 ms of sending. A frame that arrived alone is committed
        // alone and starts no interval (a client waiting for each ack must not wait for it), so the first burst,
        // and a burst whose frames a slow sender or a loaded machine spread out, adds those; still far fewer commits
        // than bursts, against more than half as many unpaced.
        Assert.InRange(commits - singles, 1, (long)(elapsed.TotalMilliseconds / 100) + 1);
        Assert.True(commits < Bursts, $"{commits} commits ({singles} of a single message) for {Bursts} bursts: pacing gathered nothing");
    }

    [Fact]
    public async Task Send_AckedBurstsOfCommitAtOnceBytesPaced_CommittedAsTheyArrive()
    {
        // Every acked batch reaches a one-byte CommitAtOnceBytes: its clients wait, so none waits for the 100 ms pace.
        var (commits, _, _) = await SendBurstsAsync(acked: true, 100_000, "--Ledger:Journal:CommitAtOnceBytes=1");

        Assert.True(commits > Bursts / 2, $"expected more than {Bursts / 2} commits for {Bursts} acked bursts of at least CommitAtOnceBytes, saw {commits}: they waited for the pace");
    }

    [Fact]
    public async Task Push_BurstsOfCommitAtOnceBytesPaced_StillPaced()
    {
        // Nobody waits for a pushed message: its batches keep the pace whatever their size.
        var (commits, singles, elapsed) = await SendBurstsAsync(acked: false, 100_000, "--Ledger:Journal:CommitAtOnceBytes=1");

        Assert.InRange(commits - singles, 1, (long)(elapsed.TotalMilliseconds / 100) + 1);
    }

    [Fact]
    public async Task Push_OneAtATimeWaitingForEachAck_PacingNeverDelaysIt()
    {
        // A client that sends its next message only after the ack commits one frame at a time; pacing must not add
        // its interval to every round trip (100 acks at a 100 ms interval would take ≥ 10 s).
        await using var daemon = await DaemonProcess.StartAsync(DataDir, "--Ledger:Journal:MinCommitIntervalMicroseconds=100000");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using (var context = new ZmqContext())
        using (var dealer = context.CreateSocket(ZmqSocketType.Dealer))
        using (var frame = new ZmqFrame())
        {
            dealer.SetOption(ZmqSocketOption.RcvTimeo, 10_000);
            dealer.Connect(daemon.AckEndpoint);
            for (var i = 0; i < 100; i++)
            {
                dealer.Send(JsonSerializer.Serialize(new { Id = $"sync-{i}", SpeakerName = "tester", Message = $"one at a time {i}", ContextId = "ctx-sync" }));
                Assert.True(frame.TryReceive(dealer, dontWait: false), $"no ack for message {i}");
            }
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"100 acked round trips took {stopwatch.Elapsed.TotalSeconds:F1} s: pacing delayed single-frame commits");
        Assert.Equal(100, JournalReader.ReadFile(daemon.JournalPath).Count());
    }

    /// <summary>
    /// Pushes (or, <paramref name="acked"/>, sends to the ROUTER) <see cref="Bursts"/> bursts of <see cref="PerBurst"/>
    /// messages 20 ms apart, waits until all are durable; the commits it took (and how many of a single message) and how long.
    /// </summary>
    private async Task<(long Commits, long SingleMessageCommits, TimeSpan Elapsed)> SendBurstsAsync(bool acked, int intervalMicroseconds, params string[] moreArgs)
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir, [$"--Ledger:Journal:MinCommitIntervalMicroseconds={intervalMicroseconds}", .. moreArgs]);
        var commitsBefore = await daemon.CommitCountAsync();
        var singlesBefore = await daemon.SingleMessageCommitCountAsync();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        if (acked)
        {
            Assert.True(await daemon.SendAckedBurstsAsync("paced", Bursts, PerBurst, gapMilliseconds: 20), "an ack never came");
        }
        else
        {
            await daemon.PushBurstsAsync("paced", Bursts, PerBurst, gapMilliseconds: 20);
        }
        await daemon.WaitForSequenceAsync(Bursts * PerBurst);
        var elapsed = stopwatch.Elapsed;

        var commits = await daemon.CommitCountAsync() - commitsBefore;
        var singles = await daemon.SingleMessageCommitCountAsync() - singlesBefore;
        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(Enumerable.Range(0, Bursts * PerBurst).Select(i => $"paced-{i}"), records.Select(r => r.Id));
        return (commits, singles, elapsed);
    }

    [Theory]
    [InlineData("--Ledger:Journal:CommitAtOnceBytes=0")]
    [InlineData("--Ledger:Journal:CommitAtOnceBytes=4194304")]
    public async Task Start_CommitAtOnceBytesOutOfRange_ExitsNamingTheKey(string argument)
    {
        // Above MaxCommitBytes (2 MiB by default) it would never apply: a batch that large is handed over full.
        await using var daemon = DaemonProcess.Launch(DataDir, argument);
        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        Assert.Contains("Ledger:Journal:CommitAtOnceBytes", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NegativeCommitInterval_ExitsNamingTheKey()
    {
        await using var daemon = DaemonProcess.Launch(DataDir, "--Ledger:Journal:MinCommitIntervalMicroseconds=-1");
        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        Assert.Contains("Ledger:Journal:MinCommitIntervalMicroseconds", daemon.Output, StringComparison.Ordinal);
    }
}
