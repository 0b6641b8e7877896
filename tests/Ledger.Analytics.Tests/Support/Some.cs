using System.Security.Cryptography;
using System.Text;
using Ledger.Core.Records;

namespace Ledger.Analytics.Tests.Support;

/// <summary>Builders for journal records with readable defaults.</summary>
internal static class Some
{
    public static readonly DateTime Base = new(2025, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    public static readonly string[] FullTags = ["@Status-Ready", "@Chain-system_architecture", "@Tier-A", "@Logic-Statement"];

    private static long s_sequence;

    public static LedgerRecord Record(
        string speaker = "alice",
        DateTime? at = null,
        string message = "hello",
        string? context = "ctx-a",
        string? receiver = null,
        string? role = "Agent",
        string chain = "other",
        string tier = "E",
        string[]? keywords = null,
        string[]? tags = null,
        string? hash = null,
        string? id = null,
        string? causation = null,
        string? type = "chat",
        long? sequence = null)
    {
        var timestamp = at ?? Base;
        return new LedgerRecord
        {
            Id = id ?? Guid.NewGuid().ToString("N"),
            Sequence = sequence ?? Interlocked.Increment(ref s_sequence),
            Timestamp = timestamp,
            ReceivedAt = timestamp,
            SpeakerName = speaker,
            SpeakerRole = role,
            Receiver = receiver,
            MessageType = type,
            Message = message,
            ContextId = context,
            CausationId = causation,
            Source = "pull",
            Metadata = new RecordMetadata
            {
                ChainType = chain,
                AceTier = tier,
                Keywords = keywords ?? [],
                ShlTags = tags ?? [],
                ContentHash = hash ?? Md5(message),
            },
        };
    }

    public static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
