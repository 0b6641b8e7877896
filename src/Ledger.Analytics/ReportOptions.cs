using Ledger.Core.Records;

namespace Ledger.Analytics;

/// <summary>Filters and tunables of one report run.</summary>
/// <remarks>The window is half-open, [<see cref="From"/>, <see cref="To"/>), so adjacent windows never count a message twice.</remarks>
public sealed record ReportOptions
{
    /// <summary>Inclusive lower bound on <c>Timestamp</c> (UTC), or null.</summary>
    public DateTime? From { get; init; }

    /// <summary>Exclusive upper bound on <c>Timestamp</c> (UTC), or null.</summary>
    public DateTime? To { get; init; }

    /// <summary>Only this <c>ContextId</c> (exact, ordinal), or null for all.</summary>
    public string? ContextId { get; init; }

    /// <summary>Gap that splits a context into sessions. Default 30 minutes.</summary>
    public TimeSpan SessionGap { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Number of configured enrichment domains, the denominator of domain coverage. Default 10 (DESIGN.md §6).</summary>
    public int DomainCount { get; init; } = 10;

    /// <summary>How many keywords the report lists. Default 20.</summary>
    public int TopKeywordCount { get; init; } = 20;

    /// <summary>True when <paramref name="record"/> passes the window and context filters.</summary>
    public bool Includes(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Includes(record.Timestamp, record.ContextId);
    }

    /// <summary>True when a message at <paramref name="timestamp"/> in <paramref name="contextId"/> passes the filters.</summary>
    public bool Includes(DateTime timestamp, string? contextId) =>
        (From is null || timestamp >= From.Value)
        && (To is null || timestamp < To.Value)
        && (ContextId is null || string.Equals(contextId, ContextId, StringComparison.Ordinal));
}
