using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Daemon.Tests.EndToEnd;

public sealed class RotationEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task SmallMaxJournalBytes_RotatesOnSealedBoundaryAndHistoryStaysContiguousAcrossRestart()
    {
        string[] args = ["--Ledger:Checkpoints:IntervalSeconds=1", "--Ledger:Retention:MaxJournalBytes=4096"];
        var daemon = await DaemonProcess.StartAsync(DataDir, args);
        using (var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "300", "rot"))
        {
            await peer.CompleteAsync();
        }
        await daemon.WaitForSequenceAsync(300);
        var sessions = Path.Combine(DataDir, "sessions");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // A segment is written as a hidden ".….tmp" file and renamed when complete: wait for that, not just any file.
        while (DateTime.UtcNow < deadline && (!Directory.Exists(sessions) || Directory.GetFiles(sessions).Length == 0
            || Directory.GetFiles(sessions).Any(f => Path.GetFileName(f).StartsWith('.'))))
        {
            await Task.Delay(200);
        }
        var segments = Directory.GetFiles(sessions);
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.True(SegmentName.TryParse(s, out _, out _), s));
        daemon.Terminate();
        Assert.Equal(0, await daemon.WaitForExitAsync());
        await daemon.DisposeAsync();

        // Restart: Sequence continues from the segments, and an Id that only lives in a segment is still known.
        await using var restarted = await DaemonProcess.StartAsync(DataDir, args);
        using (var peer = PythonPeer.Start("push_messages.py", restarted.PullEndpoint, "1", "rot"))
        {
            await peer.CompleteAsync(); // rot-0 again: a duplicate
        }
        using (var peer = PythonPeer.Start("push_messages.py", restarted.PullEndpoint, "5", "after"))
        {
            await peer.CompleteAsync();
        }
        await restarted.WaitForSequenceAsync(305);
        await restarted.WaitForCounterAsync("duplicates", 1);

        var all = JournalReader.ReadAll(DataDir).ToList();
        Assert.Equal(Enumerable.Range(1, 305).Select(i => (long)i), all.Select(r => r.Sequence));
        Assert.Equal(305, all.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task PostCheckpoint_JournalPastMaxBytes_RotatedBeforeTheAnswer()
    {
        // The timer is off: only the POST can seal and rotate.
        await using var daemon = await DaemonProcess.StartAsync(DataDir, "--Ledger:Checkpoints:IntervalSeconds=86400", "--Ledger:Retention:MaxJournalBytes=4096");
        using (var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "300", "post"))
        {
            await peer.CompleteAsync();
        }
        await daemon.WaitForSequenceAsync(300);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var response = await http.PostAsync($"{daemon.HttpUrl}/api/checkpoints?label=now", null);

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([SegmentName.For(1, 300)], Directory.GetFiles(Path.Combine(DataDir, "sessions")).Select(Path.GetFileName));
        Assert.Equal(0, new FileInfo(daemon.JournalPath).Length);
        Assert.Contains("Journal rotated: sequences 1..300", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AckedStream_RotationsWhileItRuns_EveryAckedMessageOnceInOrder()
    {
        // A seal and a rotation every second while 4,000 acked messages arrive over ~4 s: each rotation copies the
        // journal's tail while appends go on and swaps the file with them paused.
        await using var daemon = await DaemonProcess.StartAsync(DataDir, "--Ledger:Checkpoints:IntervalSeconds=1", "--Ledger:Retention:MaxJournalBytes=4096");

        Assert.True(await daemon.SendAckedBurstsAsync("live", bursts: 400, perBurst: 10, gapMilliseconds: 10));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && CountOf(daemon.Output, "Journal rotated") < 3)
        {
            await Task.Delay(200);
        }
        Assert.True(CountOf(daemon.Output, "Journal rotated") >= 3, daemon.Output);
        var all = JournalReader.ReadAll(DataDir).ToList();
        Assert.Equal(Enumerable.Range(1, 4000).Select(i => (long)i), all.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(0, 4000).Select(i => $"live-{i}").Order(StringComparer.Ordinal), all.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.True(Directory.GetFiles(Path.Combine(DataDir, "sessions")).Length >= 3);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
