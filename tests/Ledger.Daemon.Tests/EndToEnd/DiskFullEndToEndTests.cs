using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Daemon.Tests.EndToEnd;

/// <summary>A real full file system: a 2 MB tmpfs (needs root and mount permission; skipped otherwise).</summary>
public sealed class DiskFullEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _mount;
    private readonly bool _mounted;

    public DiskFullEndToEndTests()
    {
        _mount = _temp.Combine("small-disk");
        Directory.CreateDirectory(_mount);
        _mounted = TmpfsFactAttribute.Run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", _mount) == 0;
    }

    public void Dispose()
    {
        if (_mounted)
        {
            TmpfsFactAttribute.Run("umount", "-l", _mount);
        }
        _temp.Dispose();
    }

    [TmpfsFact]
    public async Task DiskFull_PausesIngestStaysHealthyAndResumesWithoutLossOrDuplicates()
    {
        Assert.True(_mounted, "the tmpfs could not be mounted");
        var dataDir = Path.Combine(_mount, "data");
        var filler = Path.Combine(_mount, "filler.bin");
        await File.WriteAllBytesAsync(filler, new byte[1_400_000]);

        await using var daemon = await DaemonProcess.StartAsync(dataDir);
        using (var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "100", "first"))
        {
            await peer.CompleteAsync();
        }
        await daemon.WaitForSequenceAsync(100);
        using (var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "3000", "full"))
        {
            await peer.CompleteAsync(); // ~1 MB of journal lines: does not fit in the ~0.6 MB left
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !daemon.Output.Contains("Disk full", StringComparison.Ordinal))
        {
            await Task.Delay(100);
        }
        Assert.Contains("Disk full", daemon.Output, StringComparison.Ordinal);
        var stalled = (await daemon.HealthAsync()).GetProperty("lastSequence").GetInt64();
        Assert.InRange(stalled, 100, 3099);
        Assert.Equal("ok", (await daemon.HealthAsync()).GetProperty("status").GetString());
        Assert.True((await daemon.HealthAsync()).GetProperty("diskFull").GetBoolean());

        File.Delete(filler);
        await daemon.WaitForSequenceAsync(3100, TimeSpan.FromSeconds(60));

        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(Enumerable.Range(1, 3100).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"first-{i}").Concat(Enumerable.Range(0, 3000).Select(i => $"full-{i}")), records.Select(r => r.Id));
        // The writer publishes lastSequence inside the append, then clears diskFull and logs: wait for both.
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline
            && (!daemon.Output.Contains("ingest resumed", StringComparison.Ordinal) || (await daemon.HealthAsync()).GetProperty("diskFull").GetBoolean()))
        {
            await Task.Delay(50);
        }
        Assert.Contains("ingest resumed", daemon.Output, StringComparison.Ordinal);
        Assert.False((await daemon.HealthAsync()).GetProperty("diskFull").GetBoolean());
    }
}
