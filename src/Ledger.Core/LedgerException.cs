namespace Ledger.Core;

/// <summary>Base of Ledger's domain failures (corrupt files, bad rules, a locked data directory).</summary>
public class LedgerException : Exception
{
    public LedgerException(string message) : base(message)
    {
    }

    public LedgerException(string message, Exception inner) : base(message, inner)
    {
    }
}
