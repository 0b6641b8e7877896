namespace Ledger.Client;

/// <summary>Base of the failures an acknowledged send can end with.</summary>
public abstract class LedgerClientException : Exception
{
    /// <summary>Creates the exception for message <paramref name="messageId"/>.</summary>
    protected LedgerClientException(string messageId, string text)
        : base(text)
    {
        MessageId = messageId;
    }

    /// <summary>The Id of the message that failed.</summary>
    public string MessageId { get; }
}
