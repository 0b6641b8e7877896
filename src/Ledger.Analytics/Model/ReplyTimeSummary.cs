namespace Ledger.Analytics.Model;

/// <summary>Median time between a message and the previous message of its context when the speakers differ.</summary>
/// <param name="Samples">Reply intervals measured.</param>
/// <param name="MedianSeconds">The median, or null without samples.</param>
/// <param name="Exact">False when the sample count exceeded the exact buffer and the median came from the histogram (≤ 1% relative error).</param>
public sealed record ReplyTimeSummary(long Samples, double? MedianSeconds, bool Exact);
