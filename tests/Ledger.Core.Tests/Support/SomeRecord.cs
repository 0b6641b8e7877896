using Ledger.Core.Records;

namespace Ledger.Core.Tests.Support;

/// <summary>Builders for records used across tests.</summary>
internal static class SomeRecord
{
    public static LedgerRecord With(long sequence, string? id = null, string message = "hello") => new()
    {
        Id = id ?? $"id-{sequence}",
        Sequence = sequence,
        Timestamp = new DateTime(2025, 12, 1, 17, 9, 21, 123, DateTimeKind.Utc),
        ReceivedAt = new DateTime(2025, 12, 1, 17, 9, 22, 0, DateTimeKind.Utc),
        SpeakerName = "claude_code",
        Message = message,
        Source = "pull",
        Metadata = new RecordMetadata { ContentHash = "00", ClientJson = "{\"k\":1}" },
    };

    public static string Line(LedgerRecord record) => LedgerRecordJson.ToJson(record) + "\n";
}
