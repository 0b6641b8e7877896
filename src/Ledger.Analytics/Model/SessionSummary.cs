namespace Ledger.Analytics.Model;

/// <summary>Sessions: a context's messages split wherever two consecutive messages are more than the gap apart.</summary>
/// <param name="GapMinutes">The split threshold.</param>
/// <param name="Count">Sessions over all contexts.</param>
/// <param name="AverageMessages">Mean messages per session (0 without sessions).</param>
/// <param name="AverageDurationSeconds">Mean first-to-last span of a session (a one-message session lasts 0 s).</param>
/// <param name="LongestDurationSeconds">The longest session's span.</param>
/// <param name="ByContext">Per context, most messages first.</param>
public sealed record SessionSummary(
    double GapMinutes,
    long Count,
    double AverageMessages,
    double AverageDurationSeconds,
    double LongestDurationSeconds,
    IReadOnlyList<ContextSessions> ByContext);
