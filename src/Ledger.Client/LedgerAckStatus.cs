namespace Ledger.Client;

/// <summary>How the daemon settled an acknowledged message; both mean it is in the journal and fsync'd.</summary>
public enum LedgerAckStatus
{
    /// <summary>Appended by this send (or an earlier attempt of it whose ack was lost) and fsync'd.</summary>
    Stored,

    /// <summary>A message with this Id was already in the journal (e.g. a retry after a lost ack); not stored twice.</summary>
    Duplicate,
}
