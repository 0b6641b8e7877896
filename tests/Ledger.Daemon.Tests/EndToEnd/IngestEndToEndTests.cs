using System.Security.Cryptography;
using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Records;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Daemon.Tests.EndToEnd;

/// <summary>The core promise against a real daemon process and real pyzmq peers: on disk, once, in order.</summary>
public sealed class IngestEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task PythonPush_TenThousandMessages_JournaledOnceInOrderWithHashes()
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir);
        using (var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "10000", "py"))
        {
            await peer.CompleteAsync();
        }
        await daemon.WaitForSequenceAsync(10_000);

        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(10_000, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            Assert.Equal($"py-{i}", record.Id);
            Assert.Equal(i + 1, record.Sequence);
            Assert.Equal("pull", record.Source);
            Assert.Equal($"message {i} from python: café ☕ 日本", record.Message);
            var expectedHash = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(record.Message)));
            Assert.Equal(expectedHash, record.Metadata.ContentHash);
        }
    }

    [Fact]
    public async Task Metrics_StreamInBurstsWithGaps_ShowWhereEachPipelineThreadWaited()
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir);
        await daemon.PushBurstsAsync("waits", bursts: 4, perBurst: 50, gapMilliseconds: 100);
        await daemon.WaitForSequenceAsync(200);

        var metrics = await daemon.MetricsAsync();

        double Wait(string thread, string on)
        {
            var series = $"ledger_pipeline_wait_seconds_total{{thread=\"{thread}\",on=\"{on}\"}} ";
            var line = metrics.Split('\n').Single(l => l.StartsWith(series, StringComparison.Ordinal));
            return double.Parse(line[series.Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
        // Between the bursts the process and journal threads had nothing to do, and the gaps are counted.
        Assert.True(Wait("process", "receive") > 0.1, metrics);
        Assert.True(Wait("journal", "process") > 0.1, metrics);
        // The rest exist, each a total of seconds.
        Assert.True(Wait("receive", "process") >= 0);
        Assert.True(Wait("process", "enrich") >= 0);
        Assert.True(Wait("process", "journal") >= 0);
    }

    [Fact]
    public async Task Start_DataDirectoryInsideContentRoot_NoFileWatches()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // inotify and /proc are Linux's
        }
        // The daemon runs in the data directory's parent (no config file there), which becomes its content root: the
        // production layout, where conversation_logs/ and logs/ sit inside the project root.
        await using var daemon = await DaemonProcess.StartAsync(DataDir);

        var watches = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{daemon.Pid}/fd"))
        {
            if (new FileInfo(fd).LinkTarget == "anon_inode:inotify")
            {
                watches += File.ReadLines($"/proc/{daemon.Pid}/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify ", StringComparison.Ordinal));
            }
        }

        // A watcher there would wake on every journal append and log line.
        Assert.Equal(0, watches);
    }

    [Fact]
    public async Task PythonPublisher_AfterSubscriptionIsUp_RecordedWithTopic()
    {
        var pubEndpoint = $"tcp://127.0.0.1:{FreePort.Next()}";
        var goFile = _temp.Combine("go");
        await using var daemon = await DaemonProcess.StartAsync(DataDir, $"--Ledger:Ingest:SubEndpoints:0={pubEndpoint}");
        using var peer = PythonPeer.Start("publish_probed.py", pubEndpoint, goFile, "agents.alpha", "100");
        // Slow joiner: PUB drops everything until our subscription reaches it, so wait for the first probe to land.
        await daemon.WaitForSequenceAsync(1, TimeSpan.FromSeconds(30));
        await File.WriteAllTextAsync(goFile, "go");
        await peer.CompleteAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<LedgerRecord> published = [];
        while (DateTime.UtcNow < deadline)
        {
            published = JournalReader.ReadFile(daemon.JournalPath).Where(r => r.Id.StartsWith("pub-", StringComparison.Ordinal)).ToList();
            if (published.Count == 100)
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"pub-{i}"), published.Select(r => r.Id));
        Assert.All(published, r =>
        {
            Assert.Equal("agents.alpha", r.Topic);
            Assert.Equal("sub", r.Source);
        });
        var all = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(r => r.Sequence));
    }

    [Fact]
    public async Task Restart_AfterKillAndTornLine_SavesTornBytesAndContinuesSequence()
    {
        var daemon = await DaemonProcess.StartAsync(DataDir);
        using (var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "100", "before"))
        {
            await peer.CompleteAsync();
        }
        await daemon.WaitForSequenceAsync(100);
        daemon.Kill();
        await daemon.WaitForExitAsync();
        await daemon.DisposeAsync();

        var torn = "{\"Id\":\"torn\",\"Sequence\":101,\"Timest"u8.ToArray();
        await using (var journal = new FileStream(Path.Combine(DataDir, "current_session.jsonl"), FileMode.Append))
        {
            journal.Write(torn);
        }

        await using var restarted = await DaemonProcess.StartAsync(DataDir);
        var saved = Directory.GetFiles(Path.Combine(DataDir, "recovered"));
        Assert.Single(saved);
        Assert.Equal(torn, await File.ReadAllBytesAsync(saved[0]));
        var bytes = await File.ReadAllBytesAsync(restarted.JournalPath);
        Assert.Equal((byte)'\n', bytes[^1]);

        using (var peer = PythonPeer.Start("push_messages.py", restarted.PullEndpoint, "10", "after"))
        {
            await peer.CompleteAsync();
        }
        await restarted.WaitForSequenceAsync(110);
        var records = JournalReader.ReadFile(restarted.JournalPath).ToList();
        Assert.Equal(Enumerable.Range(1, 110).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal("after-0", records[100].Id);
        Assert.Contains("Torn tail cut", restarted.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SecondDaemonOnSameDirectory_ExitsNonZeroNamingTheProblem()
    {
        await using var first = await DaemonProcess.StartAsync(DataDir);
        await using var second = DaemonProcess.Launch(DataDir);
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("is in use by another Ledger daemon", second.Output, StringComparison.Ordinal);
        Assert.False(first.HasExited);
    }

    [Fact]
    public async Task SigTerm_WhileStreaming_EverythingReceivedIsPersisted()
    {
        var daemon = await DaemonProcess.StartAsync(DataDir);
        using var peer = PythonPeer.Start("push_messages.py", daemon.PullEndpoint, "200000", "stream");
        await daemon.WaitForCounterAsync("received", 5_000);
        daemon.Terminate();
        Assert.Equal(0, await daemon.WaitForExitAsync());
        var output = daemon.Output;
        await daemon.DisposeAsync();

        // The daemon reports what it had read off its sockets when it closed the journal.
        var closing = output.Split('\n').Single(l => l.Contains("Journal closed at sequence", StringComparison.Ordinal));
        var received = long.Parse(System.Text.RegularExpressions.Regex.Match(closing, @"received (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var records = JournalReader.ReadFile(Path.Combine(DataDir, "current_session.jsonl")).ToList();
        Assert.True(received >= 5_000);
        Assert.Equal(received, records.Count);
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(0, records.Count).Select(i => $"stream-{i}"), records.Select(r => r.Id));
    }

    [Fact]
    public async Task Start_InvalidConfigValue_ExitsNamingTheKey()
    {
        await using var daemon = DaemonProcess.Launch(DataDir, "--Ledger:Ingest:MaxMessageBytes=12");
        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        Assert.Contains("Ledger:Ingest:MaxMessageBytes", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnparsableConfigValue_ExitsNamingTheKey()
    {
        await using var daemon = DaemonProcess.Launch(DataDir, "--Ledger:Journal:DedupWindow=lots");
        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        Assert.Contains("Ledger:Journal:DedupWindow", daemon.Output, StringComparison.Ordinal);
    }
}
