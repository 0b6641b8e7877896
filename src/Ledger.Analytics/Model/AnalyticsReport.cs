namespace Ledger.Analytics.Model;

/// <summary>Everything one report run computed; the renderers only format it (docs/ANALYTICS.md defines each field).</summary>
public sealed record AnalyticsReport
{
    public required DateTime GeneratedAt { get; init; }

    /// <summary>The requested window, or the first/last message timestamps where a bound was not requested.</summary>
    public required ReportWindow Window { get; init; }

    /// <summary>The <c>--context</c> filter, or null when every context was included.</summary>
    public string? ContextFilter { get; init; }

    public required ReportTotals Totals { get; init; }
    public required IReadOnlyList<NamedCount> BySpeaker { get; init; }
    public required IReadOnlyList<NamedCount> ByRole { get; init; }
    public required IReadOnlyList<NamedCount> ByDomain { get; init; }
    public required IReadOnlyList<NamedCount> ByTier { get; init; }
    public required IReadOnlyList<NamedCount> TopKeywords { get; init; }
    public required IReadOnlyList<TimelineBucket> Timeline { get; init; }
    public required SessionSummary Sessions { get; init; }
    public required IReadOnlyList<Interaction> Interactions { get; init; }
    public required ReplyTimeSummary ReplyTime { get; init; }
    public required CollaborationScore CollaborationScore { get; init; }

    /// <summary>False when the duplicate detector hit its memory cap and <see cref="ReportTotals.DuplicateContents"/> is a lower bound.</summary>
    public bool DuplicateContentsExact { get; init; } = true;

    /// <summary>Percentage of all messages, rounded to 2 decimals (0 when there are no messages).</summary>
    public double Percent(long count) =>
        Totals.Messages == 0 ? 0 : Math.Round(100.0 * count / Totals.Messages, 2, MidpointRounding.AwayFromZero);
}
