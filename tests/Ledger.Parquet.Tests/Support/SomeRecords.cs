using Ledger.Core.Records;

namespace Ledger.Parquet.Tests.Support;

/// <summary>Builds <see cref="LedgerRecord"/>s covering nulls, empty lists, unicode and client metadata.</summary>
public static class SomeRecords
{
    public static IEnumerable<LedgerRecord> Many(int count, int distinctSpeakers = 5)
    {
        var start = new DateTime(2025, 12, 1, 17, 9, 21, 123, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            yield return new LedgerRecord
            {
                Id = $"0193a6c1-{i:D12}",
                Sequence = i + 1,
                Timestamp = start.AddMilliseconds(i * 250),
                ReceivedAt = start.AddMilliseconds(i * 250 + 3).AddTicks(4560),
                SpeakerName = $"agent_{i % distinctSpeakers}",
                SpeakerRole = i % 4 == 0 ? null : "Agent",
                Receiver = i % 3 == 0 ? null : "gemini_cli",
                MessageType = i % 2 == 0 ? "chat" : null,
                Message = (i % 3) switch { 0 => $"plan the lease {i} 🚀", 1 => $"設計レビュー {i}", _ => $"bad \uD83D surrogate {i}" },
                ConversationType = i % 3,
                ContextId = $"context_{i % 10}",
                CorrelationId = i % 5 == 0 ? null : $"corr-{i}",
                CausationId = i % 6 == 0 ? $"cause-{i}" : null,
                Source = i % 2 == 0 ? "pull" : "router",
                Topic = i % 7 == 0 ? "agents.chat" : null,
                Metadata = new RecordMetadata
                {
                    ChainType = i % 2 == 0 ? "system_architecture" : "other",
                    AceTier = "ACE"[i % 3].ToString(),
                    ShlTags = i % 4 == 0 ? [] : ["@Status-Ready", "@Tier-A", "@Logic-Statement"],
                    Consolidated = i % 9 == 0,
                    OriginalMessageCount = 1 + i % 3,
                    Keywords = i % 5 == 0 ? [] : ["lease", "context", $"k{i % 13}"],
                    ContentHash = $"{i:x32}",
                    ClientJson = i % 2 == 0 ? null : $$"""{"client_chain_type":"x","n":{{i}}}""",
                },
            };
        }
    }
}
