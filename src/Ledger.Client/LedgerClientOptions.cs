namespace Ledger.Client;

/// <summary>Settings of a <see cref="LedgerClient"/> (acknowledged sends to the daemon's ROUTER).</summary>
public sealed class LedgerClientOptions
{
    /// <summary>The daemon's ROUTER endpoint. Default <c>tcp://127.0.0.1:5558</c> (Ledger:Ingest:AckEndpoint).</summary>
    public string Endpoint { get; set; } = "tcp://127.0.0.1:5558";

    /// <summary>How long one attempt waits for its ack before the message is resent. Default 5 s.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sends per message, first one included, before <see cref="LedgerTimeoutException"/>. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>CURVE settings; null (the default) sends in plain text.</summary>
    public LedgerCurveOptions? Curve { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Endpoint, nameof(Endpoint));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AckTimeout, TimeSpan.Zero, nameof(AckTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        Curve?.Validate();
    }
}
