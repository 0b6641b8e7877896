namespace Ledger.Client;

/// <summary>The daemon rejected the message as invalid (it is in the daemon's dead-letter file, not the journal).</summary>
public sealed class LedgerRejectedException : LedgerClientException
{
    /// <summary>Creates the exception with the daemon's reason.</summary>
    public LedgerRejectedException(string messageId, string reason)
        : base(messageId, $"message {messageId} rejected by the daemon: {reason}")
    {
        Reason = reason;
    }

    /// <summary>The daemon's Error text.</summary>
    public string Reason { get; }
}
