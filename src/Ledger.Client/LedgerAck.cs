namespace Ledger.Client;

/// <summary>The daemon's acknowledgement: the message is durable (written and fsync'd) in the journal.</summary>
/// <param name="Id">The message Id.</param>
/// <param name="Sequence">The journal Sequence of the stored line (the original one for a duplicate).</param>
/// <param name="Status">Stored now, or already stored.</param>
public sealed record LedgerAck(string Id, long Sequence, LedgerAckStatus Status);
