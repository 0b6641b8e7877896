using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;
using Ledger.Zmq;

namespace Ledger.Daemon.Tests.EndToEnd;

/// <summary>The bad-input corpus interleaved with valid messages on ONE connection to a real daemon.</summary>
public sealed class BadInputEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static IEnumerable<(string Name, byte[] Frame, string Reason)> Corpus()
    {
        yield return ("invalid UTF-8", [.. "{\"SpeakerName\":\"a\",\"Message\":\""u8, 0xC3, 0x28, .. "\"}"u8], "invalid UTF-8 at byte 30");
        yield return ("truncated JSON", "{\"SpeakerName\":\"a\",\"Mess"u8.ToArray(), "truncated JSON");
        yield return ("JSON array", "[1,2,3]"u8.ToArray(), "frame is a JSON array, expected an object");
        yield return ("bare number", "42"u8.ToArray(), "frame is a JSON number, expected an object");
        yield return ("missing SpeakerName", "{\"Message\":\"hello\"}"u8.ToArray(), "missing field SpeakerName");
        yield return ("wrong field type", "{\"SpeakerName\":7,\"Message\":\"hello\"}"u8.ToArray(), "SpeakerName must be a string, got number");
        yield return ("2 MB frame", Encoding.UTF8.GetBytes("{\"SpeakerName\":\"big\",\"Message\":\"" + new string('x', 2_000_000) + "\"}"), "limit 1,048,576 (Ledger:Ingest:MaxMessageBytes)");
        yield return ("1000-deep nesting", Encoding.UTF8.GetBytes("{\"SpeakerName\":\"a\",\"Message\":\"b\",\"Metadata\":{\"deep\":" + new string('[', 1000) + new string(']', 1000) + "}}"), "nesting deeper than 64");
        yield return ("bad timestamp", "{\"SpeakerName\":\"a\",\"Message\":\"b\",\"Timestamp\":\"yesterday\"}"u8.ToArray(), "Timestamp is not ISO-8601: 'yesterday'");
    }

    [Fact]
    public async Task BadFramesInterleavedWithValid_AllValidJournaledEveryBadOneDeadLetteredWithExactBytes()
    {
        await using var daemon = await DaemonProcess.StartAsync(_temp.Combine("data"));
        var corpus = Corpus().ToList();
        var sent = 0;
        using (var context = new ZmqContext())
        using (var push = context.CreateSocket(ZmqSocketType.Push))
        {
            push.SetOption(ZmqSocketOption.Linger, 30_000);
            push.Connect(daemon.PullEndpoint);
            for (var i = 0; i < 1000; i++)
            {
                // Every bad frame is followed by valid ones on the same connection: nothing after it may be lost.
                if (i % 100 == 50 && i / 100 < corpus.Count)
                {
                    push.Send(corpus[i / 100].Frame);
                    sent++;
                }
                push.Send(JsonSerializer.Serialize(new { Id = $"valid-{i}", SpeakerName = "tester", Message = $"The integration tests pass after the fix {i}", ContextId = "ctx-bad" }));
                sent++;
            }
        }
        await daemon.WaitForCounterAsync("received", sent);
        await daemon.WaitForSequenceAsync(1000);
        await daemon.WaitForCounterAsync("rejected", corpus.Count);

        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"valid-{i}"), records.Select(r => r.Id));
        Assert.All(records, r =>
        {
            Assert.Equal("testing_validation", r.Metadata.ChainType);
            Assert.NotEmpty(r.Metadata.Keywords);
            Assert.Contains(r.Metadata.ShlTags, t => t.StartsWith("@Status-", StringComparison.Ordinal));
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(r.Message))), r.Metadata.ContentHash);
        });
        var deadLetters = File.ReadAllLines(daemon.RejectedPath).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(corpus.Count, deadLetters.Count);
        for (var i = 0; i < corpus.Count; i++)
        {
            var (name, frame, reason) = corpus[i];
            Assert.True(deadLetters[i].GetProperty("Reason").GetString()!.Contains(reason, StringComparison.Ordinal),
                $"{name}: reason was '{deadLetters[i].GetProperty("Reason").GetString()}'");
            Assert.Equal(frame, Convert.FromBase64String(deadLetters[i].GetProperty("RawBase64").GetString()!));
            Assert.Equal("pull", deadLetters[i].GetProperty("Source").GetString());
        }
        Assert.Equal("ok", (await daemon.HealthAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task SameIdThreeTimesThenAgainAfterRestart_PersistedOnce()
    {
        var dataDir = _temp.Combine("data");
        var frame = "{\"Id\":\"once\",\"SpeakerName\":\"a\",\"Message\":\"only once\"}";
        var daemon = await DaemonProcess.StartAsync(dataDir);
        SendAll(daemon.PullEndpoint, frame, frame, frame);
        await daemon.WaitForCounterAsync("duplicates", 2);
        daemon.Terminate();
        Assert.Equal(0, await daemon.WaitForExitAsync());
        await daemon.DisposeAsync();

        await using var restarted = await DaemonProcess.StartAsync(dataDir);
        SendAll(restarted.PullEndpoint, frame, "{\"Id\":\"next\",\"SpeakerName\":\"a\",\"Message\":\"after\"}");
        await restarted.WaitForSequenceAsync(2);
        await restarted.WaitForCounterAsync("duplicates", 1);

        Assert.Equal(["once", "next"], JournalReader.ReadFile(restarted.JournalPath).Select(r => r.Id));
    }

    [Fact]
    public async Task EventEnvelope_LandsWithEveryFieldMapped()
    {
        await using var daemon = await DaemonProcess.StartAsync(_temp.Combine("data"));
        SendAll(daemon.PullEndpoint, """
            {"event_id":"evt-1","event_type":"task.completed","timestamp":"2026-01-02T03:04:05.678+01:00",
             "source":{"origin":"build_agent","runtime":"python"},"correlation_id":"run-9","causation_id":"evt-0",
             "payload":{"agent":"builder","message":"Deployment finished","status":"ok"}}
            """);
        await daemon.WaitForSequenceAsync(1);

        var record = Assert.Single(JournalReader.ReadFile(daemon.JournalPath));
        Assert.Equal("evt-1", record.Id);
        Assert.Equal("task.completed", record.MessageType);
        Assert.Equal("run-9", record.ContextId);
        Assert.Equal("run-9", record.CorrelationId);
        Assert.Equal("evt-0", record.CausationId);
        Assert.Equal("builder", record.SpeakerName);
        Assert.Equal("Deployment finished", record.Message);
        Assert.Equal(new DateTime(2026, 1, 2, 2, 4, 5, 678, DateTimeKind.Utc), record.Timestamp);
    }

    private static void SendAll(string endpoint, params string[] frames)
    {
        using var context = new ZmqContext();
        using var push = context.CreateSocket(ZmqSocketType.Push);
        push.SetOption(ZmqSocketOption.Linger, 10_000);
        push.Connect(endpoint);
        foreach (var frame in frames)
        {
            push.Send(frame);
        }
    }
}
