namespace Ledger.Client;

/// <summary>No ack arrived after every attempt; the message may or may not be stored (resend the same Id to find out).</summary>
public sealed class LedgerTimeoutException : LedgerClientException
{
    /// <summary>Creates the exception.</summary>
    public LedgerTimeoutException(string messageId, int attempts, TimeSpan ackTimeout)
        : base(messageId, $"no ack for message {messageId} after {attempts} attempt(s) of {ackTimeout.TotalSeconds:0.###} s each")
    {
        Attempts = attempts;
    }

    /// <summary>How many times the message was sent.</summary>
    public int Attempts { get; }
}
