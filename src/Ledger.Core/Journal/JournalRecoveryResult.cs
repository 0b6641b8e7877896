namespace Ledger.Core.Journal;

/// <summary>What start-up recovery found: the last durable Sequence, how many records, and what was cut off.</summary>
/// <param name="LastSequence">Sequence of the last valid record in the active journal, 0 when empty.</param>
/// <param name="RecordCount">Valid records in the active journal.</param>
/// <param name="CutBytes">Bytes removed from the tail (0 when the journal ended on a complete line).</param>
/// <param name="SavedTo">Where the cut bytes were saved, or null.</param>
public sealed record JournalRecoveryResult(long LastSequence, long RecordCount, long CutBytes, string? SavedTo);
