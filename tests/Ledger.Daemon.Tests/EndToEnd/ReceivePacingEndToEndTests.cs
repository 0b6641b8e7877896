using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;
using Ledger.Zmq;

namespace Ledger.Daemon.Tests.EndToEnd;

/// <summary><c>Ledger:Ingest:ReceivePacingMicroseconds</c> against a real daemon: a pushed stream gathers, acked traffic does not wait.</summary>
public sealed class ReceivePacingEndToEndTests : IDisposable
{
    private const int Bursts = 40;
    private const int PerBurst = 3;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task Push_BurstsTenMillisecondsApartUnpaced_CommitsManyOfThemAlone()
    {
        // The control for the paced test (commit pacing off in both): an idle pipeline takes each burst as it comes.
        var (commits, _, _) = await PushBurstsAsync(receivePacingMicroseconds: 0);

        Assert.True(commits > Bursts / 4, $"expected the unpaced daemon to commit more than {Bursts / 4} times for {Bursts} bursts, saw {commits}");
    }

    [Fact]
    public async Task Push_BurstsTenMillisecondsApartPaced_GathersThemIntoFewCommits()
    {
        var (commits, singles, elapsed) = await PushBurstsAsync(receivePacingMicroseconds: 100_000);

        // After a wake-up that drained a burst, the receive thread looks again only 100 ms later: each look hands over
        // what gathered, one commit each, so about elapsed / 100 ms of them (~6), against ~30 unpaced. A wake-up that
        // found one message alone does not pace (a lone message is taken at once), so a burst whose frames came apart
        // (the first one, or any on a loaded machine) adds a single-message commit before its rest.
        Assert.InRange(commits - singles, 1, (long)(elapsed.TotalMilliseconds / 100) + 2);
        Assert.True(commits <= Bursts / 4, $"{commits} commits ({singles} of a single message) for {Bursts} bursts: the receive thread did not gather them");
    }

    [Fact]
    public async Task Dealer_BurstsBesideAPushStream_AckedTrafficDoesNotWaitOutThePacing()
    {
        // Each round pushes three messages on PULL (a stream: the receive thread then paces for 100 ms) and sends three
        // on the ROUTER, waiting for their acks. The ROUTER and the ack wake-up are watched while pacing, so a round
        // takes a commit's time, not the interval: ten rounds would take ≥ 1 s if acked traffic waited.
        await using var daemon = await DaemonProcess.StartAsync(DataDir, "--Ledger:Ingest:ReceivePacingMicroseconds=100000");
        using var context = new ZmqContext();
        using var dealer = context.CreateSocket(ZmqSocketType.Dealer);
        using var push = context.CreateSocket(ZmqSocketType.Push);
        using var frame = new ZmqFrame();
        dealer.SetOption(ZmqSocketOption.RcvTimeo, 10_000);
        dealer.Connect(daemon.AckEndpoint);
        push.SetOption(ZmqSocketOption.Linger, 5_000);
        push.Connect(daemon.PullEndpoint);
        Send(dealer, "warm-up");
        Assert.True(frame.TryReceive(dealer, dontWait: false), "no ack for the warm-up message");

        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < PerBurst; i++)
            {
                Send(push, $"pushed-{round}-{i}");
            }
            for (var i = 0; i < PerBurst; i++)
            {
                Send(dealer, $"acked-{round}-{i}");
            }
            for (var i = 0; i < PerBurst; i++)
            {
                Assert.True(frame.TryReceive(dealer, dontWait: false), $"no ack {i} in round {round}");
            }
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromMilliseconds(800), $"10 acked rounds took {stopwatch.Elapsed.TotalMilliseconds:F0} ms: acked traffic waited for the receive pacing");
        await daemon.WaitForSequenceAsync(1 + (20 * PerBurst));
        Assert.Equal(1 + (20 * PerBurst), JournalReader.ReadFile(daemon.JournalPath).Count());
    }

    [Fact]
    public async Task Start_ReceivePacingAboveLimit_ExitsNamingTheKey()
    {
        await using var daemon = DaemonProcess.Launch(DataDir, "--Ledger:Ingest:ReceivePacingMicroseconds=100001");
        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        Assert.Contains("Ledger:Ingest:ReceivePacingMicroseconds", daemon.Output, StringComparison.Ordinal);
    }

    private static void Send(ZmqSocket socket, string id) =>
        socket.Send(JsonSerializer.Serialize(new { Id = id, SpeakerName = "tester", Message = $"paced receive {id}", ContextId = "ctx-receive" }));

    /// <summary>Pushes <see cref="Bursts"/> bursts of <see cref="PerBurst"/> messages 10 ms apart, waits until all are durable; the commits it took (and how many of a single message) and how long.</summary>
    private async Task<(long Commits, long SingleMessageCommits, TimeSpan Elapsed)> PushBurstsAsync(int receivePacingMicroseconds)
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir,
            $"--Ledger:Ingest:ReceivePacingMicroseconds={receivePacingMicroseconds}", "--Ledger:Journal:MinCommitIntervalMicroseconds=0");
        var commitsBefore = await daemon.CommitCountAsync();
        var singlesBefore = await daemon.SingleMessageCommitCountAsync();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await daemon.PushBurstsAsync("stream", Bursts, PerBurst, gapMilliseconds: 10);
        await daemon.WaitForSequenceAsync(Bursts * PerBurst);
        var elapsed = stopwatch.Elapsed;

        var commits = await daemon.CommitCountAsync() - commitsBefore;
        var singles = await daemon.SingleMessageCommitCountAsync() - singlesBefore;
        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(Enumerable.Range(0, Bursts * PerBurst).Select(i => $"stream-{i}"), records.Select(r => r.Id));
        return (commits, singles, elapsed);
    }
}
