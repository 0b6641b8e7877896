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
}
