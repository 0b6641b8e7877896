namespace Ledger.Core.Ingest;

/// <summary>What an acknowledged client is told about its message, after the fsync that covers it.</summary>
public enum AckStatus
{
    /// <summary>Appended to the journal and fsync'd.</summary>
    Stored,

    /// <summary>A message with this Id was already persisted; not appended again.</summary>
    Duplicate,

    /// <summary>Invalid; written to the dead letter file with the reason.</summary>
    Rejected,
}
