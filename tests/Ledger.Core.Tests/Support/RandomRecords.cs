using Ledger.Core.Records;

namespace Ledger.Core.Tests.Support;

/// <summary>Random records over text that needs escaping, control characters, emoji, CJK, nulls and client metadata.</summary>
public static class RandomRecords
{
    private static readonly string[] Pieces =
        ["lease", "plan", "naïve", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "日本語", "😀", "<html>&", "\u0001", "é", ""];

    public static LedgerRecord Next(Random random, int i)
    {
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Pieces[random.Next(Pieces.Length)]));
        string? Maybe(string value) => random.Next(3) == 0 ? null : value;
        var timestamp = new DateTime(2025, 12, 1, 17, 9, 21, DateTimeKind.Utc).AddMilliseconds(random.Next(100_000_000));
        return new LedgerRecord
        {
            Id = Guid.NewGuid().ToString(),
            Sequence = i,
            Timestamp = timestamp,
            ReceivedAt = timestamp.AddTicks(random.Next(10_000_000)),
            SpeakerName = $"agent_{random.Next(12)}",
            SpeakerRole = Maybe("Agent"),
            Receiver = Maybe(Text(1)),
            MessageType = Maybe("chat"),
            Message = Text(random.Next(0, 60)),
            ConversationType = random.Next(4),
            ContextId = Maybe($"ctx-{random.Next(20)}"),
            CorrelationId = Maybe(Guid.NewGuid().ToString()),
            CausationId = Maybe(Text(2)),
            Source = random.Next(2) == 0 ? "pull" : "sub",
            Topic = Maybe("agents." + Text(1)),
            Metadata = new RecordMetadata
            {
                ChainType = Text(1),
                AceTier = "ACE"[random.Next(3)].ToString(),
                ShlTags = [.. Enumerable.Range(0, random.Next(4)).Select(_ => "@" + Text(1))],
                Consolidated = random.Next(5) == 0,
                OriginalMessageCount = random.Next(1, 4),
                Keywords = [.. Enumerable.Range(0, random.Next(9)).Select(_ => Text(1))],
                ContentHash = random.Next(10) == 0 ? "" : Guid.NewGuid().ToString("N"),
                ClientJson = random.Next(3) switch
                {
                    0 => null,
                    1 => "{}",
                    _ => $$"""{"k":{{System.Text.Json.JsonSerializer.Serialize(Text(2))}},"n":[1,{"a":null}],"client_keywords":"x"}""",
                },
            },
        };
    }
}
