using System.Globalization;
using System.Text.Json;
using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;
using Ledger.Zmq;

namespace Ledger.Daemon.Tests.EndToEnd;

/// <summary><c>Ledger:Journal:MinCommitIntervalMicroseconds</c> against a real daemon: fewer commits, nothing lost.</summary>
public sealed class CommitPacingEndToEndTests : IDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task Push_MessagesFiveMillisecondsApartUnpaced_CommitsEachOnItsOwn()
    {
        // The control for the paced test: an idle writer commits every message as soon as it arrives.
        var (commits, _) = await PushSpacedAsync(0);

        Assert.True(commits > 8, $"expected the unpaced daemon to commit more than 8 times for 40 spaced messages, saw {commits}");
    }

    [Fact]
    public async Task Push_MessagesFiveMillisecondsApartPaced_AtMostOneCommitPerInterval()
    {
        var (commits, elapsed) = await PushSpacedAsync(100_000);

        // Commits start at least 100 ms apart, so within the whole exchange there is room for at most elapsed/100 ms
        // + 1 of them (about 3 for the ~200 ms of sending), against ~40 unpaced.
        Assert.InRange(commits, 1, (long)(elapsed.TotalMilliseconds / 100) + 1);
    }

    /// <summary>Pushes 40 messages ~5 ms apart, waits until all are durable; the commits it took and how long.</summary>
    private async Task<(long Commits, TimeSpan Elapsed)> PushSpacedAsync(int intervalMicroseconds)
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir, $"--Ledger:Journal:MinCommitIntervalMicroseconds={intervalMicroseconds}");
        var commitsBefore = await CommitsAsync(daemon);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using (var context = new ZmqContext())
        using (var push = context.CreateSocket(ZmqSocketType.Push))
        {
            push.SetOption(ZmqSocketOption.Linger, 5_000);
            push.Connect(daemon.PullEndpoint);
            for (var i = 0; i < 40; i++)
            {
                push.Send(JsonSerializer.Serialize(new { Id = $"paced-{i}", SpeakerName = "tester", Message = $"paced message {i}", ContextId = "ctx-paced" }));
                await Task.Delay(5);
            }
        }
        await daemon.WaitForSequenceAsync(40);
        var elapsed = stopwatch.Elapsed;

        var commits = await CommitsAsync(daemon) - commitsBefore;
        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"paced-{i}"), records.Select(r => r.Id));
        return (commits, elapsed);
    }

    [Fact]
    public async Task Start_NegativeCommitInterval_ExitsNamingTheKey()
    {
        await using var daemon = DaemonProcess.Launch(DataDir, "--Ledger:Journal:MinCommitIntervalMicroseconds=-1");
        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        Assert.Contains("Ledger:Journal:MinCommitIntervalMicroseconds", daemon.Output, StringComparison.Ordinal);
    }

    private static async Task<long> CommitsAsync(DaemonProcess daemon)
    {
        const string Name = "ledger_fsync_latency_milliseconds_count ";
        var metrics = await s_http.GetStringAsync(daemon.HttpUrl + "/metrics");
        var line = metrics.Split('\n').Single(l => l.StartsWith(Name, StringComparison.Ordinal));
        return long.Parse(line[Name.Length..], CultureInfo.InvariantCulture);
    }
}
