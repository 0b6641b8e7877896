namespace Ledger.Core.Journal;

/// <summary>fsync failed: the daemon must stop with a non-zero exit code rather than carry on.</summary>
public sealed class JournalFsyncException(string message, Exception inner) : LedgerException(message, inner);
