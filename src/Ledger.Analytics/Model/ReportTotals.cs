namespace Ledger.Analytics.Model;

/// <summary>Headline counts of a report.</summary>
/// <param name="Messages">Records that passed the filters.</param>
/// <param name="Speakers">Distinct <c>SpeakerName</c> values among them.</param>
/// <param name="Contexts">Distinct non-null <c>ContextId</c> values among them.</param>
/// <param name="Rejected">Lines of <c>rejected.jsonl</c> (unfiltered: a rejected frame has no trusted timestamp or context).</param>
/// <param name="DuplicateContents">Messages whose <c>content_hash</c> was already seen earlier in the stream.</param>
public sealed record ReportTotals(long Messages, int Speakers, int Contexts, long Rejected, long DuplicateContents);
