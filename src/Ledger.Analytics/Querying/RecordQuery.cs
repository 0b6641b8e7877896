using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Analytics.Querying;

/// <summary>Filters for <c>ledger query</c>; every filter left null matches everything.</summary>
/// <remarks>
/// Speaker, context, chain and type take glob patterns (<see cref="GlobPattern"/>); tier is exact and case-insensitive;
/// the time window is half-open [<see cref="Since"/>, <see cref="Until"/>); text is a case-insensitive substring of
/// the message. Results stream in journal order; memory does not depend on how many records match.
/// </remarks>
public sealed record RecordQuery
{
    public GlobPattern? Speaker { get; init; }
    public GlobPattern? Context { get; init; }
    public GlobPattern? Chain { get; init; }
    public string? Tier { get; init; }
    public GlobPattern? Type { get; init; }
    public DateTime? Since { get; init; }
    public DateTime? Until { get; init; }
    public string? Text { get; init; }

    /// <summary>Stop after this many matches; null for no limit.</summary>
    public int? Limit { get; init; }

    public bool Matches(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Since is null || record.Timestamp >= Since.Value)
            && (Until is null || record.Timestamp < Until.Value)
            && (Speaker is null || Speaker.IsMatch(record.SpeakerName))
            && (Context is null || Context.IsMatch(record.ContextId))
            && (Chain is null || Chain.IsMatch(record.Metadata.ChainType))
            && (Tier is null || string.Equals(Tier, record.Metadata.AceTier, StringComparison.OrdinalIgnoreCase))
            && (Type is null || Type.IsMatch(record.MessageType))
            && (Text is null || record.Message.Contains(Text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Matching records of <paramref name="dataDirectory"/>, oldest segment first, up to <see cref="Limit"/>.</summary>
    public IEnumerable<LedgerRecord> Run(string dataDirectory)
    {
        var remaining = Limit ?? int.MaxValue;
        if (remaining <= 0)
        {
            yield break;
        }
        foreach (var record in JournalReader.ReadAll(dataDirectory))
        {
            if (!Matches(record))
            {
                continue;
            }
            yield return record;
            if (--remaining == 0)
            {
                yield break;
            }
        }
    }
}
