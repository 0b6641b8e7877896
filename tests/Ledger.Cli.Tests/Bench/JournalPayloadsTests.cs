using System.Text;
using System.Text.Json;
using Ledger.Cli.Bench;
using Ledger.Core;
using Ledger.Core.Records;

namespace Ledger.Cli.Tests.Bench;

public sealed class JournalPayloadsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ledger-journal-payloads-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Templates_JournalRecords_SentAgainWithPatchableIdsAndRawUtf8()
    {
        WriteJournal(
            Record(1, "デプロイは完了しました。Die Änderungen sind geprüft.", contextId: "ctx-1"),
            Record(2, "plain \"quoted\" text", contextId: null));

        var templates = JournalPayloads.Templates(_dir, "stage", max: 10);

        Assert.Equal(2, templates.Length);
        var first = templates[0].ToArray();
        BenchPayloads.Patch(first, "stage".Length, 42);
        using var json = JsonDocument.Parse(first);
        Assert.Equal("stage-000000000042", json.RootElement.GetProperty("Id").GetString());
        Assert.Equal("デプロイは完了しました。Die Änderungen sind geprüft.", json.RootElement.GetProperty("Message").GetString());
        Assert.Equal("ctx-1", json.RootElement.GetProperty("ContextId").GetString());
        Assert.Equal("codex", json.RootElement.GetProperty("SpeakerName").GetString());
        // Raw UTF-8 as agents send it and the daemon journals it, not \u escapes (another path through the decoder).
        Assert.Contains("デプロイ", Encoding.UTF8.GetString(templates[0]), StringComparison.Ordinal);
        using var second = JsonDocument.Parse(templates[1]);
        Assert.Equal("plain \"quoted\" text", second.RootElement.GetProperty("Message").GetString());
        Assert.False(second.RootElement.TryGetProperty("ContextId", out _));
    }

    [Fact]
    public void Templates_MoreRecordsThanMax_TakesTheFirst()
    {
        WriteJournal([.. Enumerable.Range(1, 5).Select(i => Record(i, $"message {i}", contextId: null))]);

        var templates = JournalPayloads.Templates(_dir, "stage", max: 3);

        Assert.Equal(["message 1", "message 2", "message 3"],
            templates.Select(t => JsonDocument.Parse(t).RootElement.GetProperty("Message").GetString()));
    }

    [Fact]
    public void Templates_NoJournal_ThrowsNamingTheDirectory()
    {
        var ex = Assert.Throws<LedgerException>(() => JournalPayloads.Templates(_dir, "stage", max: 10));

        Assert.Contains("no journal records", ex.Message, StringComparison.Ordinal);
        Assert.Contains(_dir, ex.Message, StringComparison.Ordinal);
    }

    private void WriteJournal(params LedgerRecord[] records) =>
        File.WriteAllText(new DataDirectoryLayout(_dir).Journal,
            string.Concat(records.Select(r => LedgerRecordJson.ToJson(r) + "\n")), new UTF8Encoding(false));

    private static LedgerRecord Record(long sequence, string message, string? contextId) => new()
    {
        Id = $"id-{sequence}",
        Sequence = sequence,
        Timestamp = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddSeconds(sequence),
        ReceivedAt = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc).AddSeconds(sequence),
        SpeakerName = "codex",
        SpeakerRole = "Agent",
        Message = message,
        ContextId = contextId,
        Source = "pull",
    };
}
