namespace Ledger.Core.Checkpoints;

/// <summary>A checkpoint file or manifest has an unknown format version or does not parse.</summary>
public sealed class CheckpointFormatException(string message) : LedgerException(message);
