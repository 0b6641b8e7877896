namespace Ledger.Core.Enrichment;

/// <summary>A Status or Logic value and the exact words (case-insensitive, not folded) that signal it.</summary>
/// <param name="Value">For status: Ready, InProgress, Blocked, Done, Error. For logic: Question, Decision, Commitment, Failure, Statement.</param>
/// <param name="Cues">Exact words; tense matters here ("fixed" is Done, "fix" is not), so no folding.</param>
public sealed record CueRule(string Value, IReadOnlyList<string> Cues);
