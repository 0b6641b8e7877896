namespace Ledger.Core.Checkpoints;

/// <summary>A checkpoint file's bytes do not match the SHA-256 its manifest entry records.</summary>
public sealed class CheckpointIntegrityException(string message) : LedgerException(message);
