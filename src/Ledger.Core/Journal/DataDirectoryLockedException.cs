namespace Ledger.Core.Journal;

/// <summary>Another daemon holds the data directory's lock.</summary>
public sealed class DataDirectoryLockedException(string message, Exception inner) : LedgerException(message, inner);
