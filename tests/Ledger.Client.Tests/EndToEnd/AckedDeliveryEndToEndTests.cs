using System.Diagnostics;
using System.Text.Json;
using Ledger.Client.Tests.Support;
using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;
using Xunit.Abstractions;

namespace Ledger.Client.Tests.EndToEnd;

/// <summary>The acked path against a real daemon process: every ack means one fsync'd journal line, never two.</summary>
public sealed class AckedDeliveryEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task SendAsync_TenThousandWith256InFlight_EveryAckOneJournalLine()
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir);
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = daemon.AckEndpoint });
        var messages = AckedSender.Messages("dotnet", 10_000).ToList();

        var watch = Stopwatch.StartNew();
        var acks = await AckedSender.SendAllAsync(client, messages, concurrency: 256);
        watch.Stop();
        output.WriteLine($"10,000 acked sends, 256 in flight: {watch.Elapsed.TotalSeconds:0.00} s = {10_000 / watch.Elapsed.TotalSeconds:0} msg/s, retries {client.ResentCount}");

        Assert.Equal(10_000, acks.Count);
        Assert.All(acks.Values, a => Assert.Equal(LedgerAckStatus.Stored, a.Status));
        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(10_000, records.Count);
        Assert.Equal(messages.Select(m => m.Id).Order(), records.Select(r => r.Id).Order());
        Assert.All(records, r => Assert.Equal(acks[r.Id].Sequence, r.Sequence));
        Assert.Equal(10_000, acks.Values.Select(a => a.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task SendAsync_SameIdThreeTimes_StoredThenDuplicatesWithOneLine()
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir);
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = daemon.AckEndpoint });
        var message = new LedgerMessage("dotnet-agent", "say it thrice") { Metadata = new Dictionary<string, object?> { ["attempt"] = 1 } };

        var first = await client.SendAsync(message);
        var second = await client.SendAsync(message);
        var third = await client.SendAsync(message with { Message = "a changed body under the same Id" });

        Assert.Equal([LedgerAckStatus.Stored, LedgerAckStatus.Duplicate, LedgerAckStatus.Duplicate], new[] { first.Status, second.Status, third.Status });
        Assert.Equal(first.Sequence, second.Sequence);
        Assert.Equal(first.Sequence, third.Sequence);
        var record = Assert.Single(JournalReader.ReadFile(daemon.JournalPath));
        Assert.Equal(message.Id, record.Id);
        Assert.Equal("say it thrice", record.Message);
    }

    [Fact]
    public async Task SendAsync_DaemonKilledAndRestartedMidStream_RetriesCompleteEachIdOnce()
    {
        var port = FreePort.Next();
        var endpointArg = $"--Ledger:Ingest:AckEndpoint=tcp://127.0.0.1:{port}";
        var daemon = await DaemonProcess.StartAsync(DataDir, endpointArg);
        try
        {
            using var client = new LedgerClient(new LedgerClientOptions
            {
                Endpoint = $"tcp://127.0.0.1:{port}",
                AckTimeout = TimeSpan.FromSeconds(1),
                MaxAttempts = 40,
            });
            // Far more than can be acked before the kill lands, even when the /health poll that times it is slow on
            // a loaded machine (with 3,000 a faster daemon had acked them all by then, and nothing was retried).
            var messages = AckedSender.Messages("kill", 30_000).ToList();
            var watch = Stopwatch.StartNew();
            var sending = AckedSender.SendAllAsync(client, messages, concurrency: 64);

            await daemon.WaitForSequenceAsync(500);
            daemon.Kill();
            await daemon.WaitForExitAsync();
            var killedAt = watch.Elapsed;
            await daemon.DisposeAsync();
            daemon = await DaemonProcess.StartAsync(DataDir, endpointArg);
            var acks = await sending.WaitAsync(TimeSpan.FromSeconds(50));
            output.WriteLine($"killed at {killedAt.TotalSeconds:0.00} s, all {messages.Count:N0} acked at {watch.Elapsed.TotalSeconds:0.00} s, retries {client.ResentCount}, duplicates {acks.Values.Count(a => a.Status == LedgerAckStatus.Duplicate)}");

            Assert.Equal(messages.Count, acks.Count);
            Assert.True(client.ResentCount > 0, "the kill should have forced retries");
            var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
            var lines = records.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(messages, m => Assert.Equal(1, lines.GetValueOrDefault(m.Id)));
            Assert.All(records, r => Assert.Equal(acks[r.Id].Sequence, r.Sequence));
            Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
        }
        finally
        {
            await daemon.DisposeAsync();
        }
    }

    [Fact]
    public async Task PythonClient_TenThousandAcked_EveryAckOneJournalLine()
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir);
        var ackFile = _temp.Combine("acks.txt");
        var watch = Stopwatch.StartNew();
        using (var peer = PythonPeer.Start("acked_sends.py", daemon.AckEndpoint, "10000", ackFile))
        {
            await peer.CompleteAsync(TimeSpan.FromSeconds(50));
            output.WriteLine($"python: 10,000 acked sends in {watch.Elapsed.TotalSeconds:0.00} s (process start included); {peer.Output.Trim()}");
        }

        var acks = File.ReadAllLines(ackFile).Select(l => l.Split(' ')).ToList();
        Assert.Equal(10_000, acks.Count);
        Assert.All(acks, a => Assert.Equal("stored", a[1]));
        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(10_000, records.Count);
        Assert.Equal(acks.Select(a => a[0]).Order(), records.Select(r => r.Id).Order());
        var sequences = records.ToDictionary(r => r.Id, r => r.Sequence);
        Assert.All(acks, a => Assert.Equal(sequences[a[0]].ToString(System.Globalization.CultureInfo.InvariantCulture), a[2]));
    }

    [Fact]
    public async Task PythonReqPeer_StoredDuplicateAndRejected_EachAckWholeAfterTheEnvelope()
    {
        // A REQ peer's frames come with an empty delimiter, and its acks must go back with one, or REQ drops them.
        await using var daemon = await DaemonProcess.StartAsync(DataDir);
        var replyFile = _temp.Combine("replies.txt");
        string[] frames =
        [
            """{"Id":"req-1","SpeakerName":"req-agent","Message":"first"}""",
            """{"Id":"req-1","SpeakerName":"req-agent","Message":"first, again"}""",
            """{"Id":"ré\"q-2","SpeakerName":"req-agent","Message":"an Id the journal escapes"}""",
            "not json",
            """{"Id":"req-5","Message":"no speaker"}""",
        ];
        using (var peer = PythonPeer.Start("req_sends.py", [daemon.AckEndpoint, replyFile, .. frames]))
        {
            await peer.CompleteAsync(TimeSpan.FromSeconds(50));
        }

        var replies = File.ReadAllLines(replyFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(replies, r => Assert.Equal(["Id", "Sequence", "Status", "Error"], r.EnumerateObject().Select(p => p.Name)));
        string? Text(JsonElement reply, string name) => reply.GetProperty(name).GetString();
        long? Sequence(JsonElement reply) => reply.GetProperty("Sequence").ValueKind == JsonValueKind.Null ? null : reply.GetProperty("Sequence").GetInt64();
        Assert.Equal(
            [("req-1", (long?)1, "stored"), ("req-1", 1, "duplicate"), ("ré\"q-2", 2, "stored"), (null, null, "rejected"), ("req-5", null, "rejected")],
            replies.Select(r => (Text(r, "Id"), Sequence(r), Text(r, "Status"))));
        Assert.All(replies.Take(3), r => Assert.Null(Text(r, "Error")));
        Assert.All(replies.Skip(3), r => Assert.False(string.IsNullOrWhiteSpace(Text(r, "Error"))));
        Assert.Equal(["req-1", "ré\"q-2"], JournalReader.ReadFile(daemon.JournalPath).Select(r => r.Id));
        Assert.Equal(2, File.ReadAllLines(daemon.RejectedPath).Length);
    }

    [Fact]
    public async Task PythonExample_AgainstDaemon_PublishesAndSendsFiveMessages()
    {
        await using var daemon = await DaemonProcess.StartAsync(DataDir);
        using (var peer = PythonPeer.Start("example.py", "--ack-endpoint", daemon.AckEndpoint, "--pull-endpoint", daemon.PullEndpoint))
        {
            await peer.CompleteAsync(TimeSpan.FromSeconds(30));
            Assert.Contains("stored as sequence", peer.Output, StringComparison.Ordinal);
        }

        // The published line races the acked ones (two sockets), so wait for all five, then compare as sets.
        await daemon.WaitForSequenceAsync(5, TimeSpan.FromSeconds(30));
        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(
            ["Decision: leases expire after 30 s", "Starting the lease design review", "Step 1: checked", "Step 2: checked", "Step 3: checked"],
            records.Select(r => r.Message).Order(StringComparer.Ordinal));
    }
}
