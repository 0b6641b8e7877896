namespace Ledger.Client;

/// <summary>Settings of a <see cref="LedgerPublisher"/> (fire-and-forget PUSH to the daemon's PULL).</summary>
public sealed class LedgerPublisherOptions
{
    /// <summary>The daemon's PULL endpoint. Default <c>tcp://127.0.0.1:5557</c> (Ledger:Ingest:PullEndpoint).</summary>
    public string Endpoint { get; set; } = "tcp://127.0.0.1:5557";

    /// <summary>Messages buffered in this process before TryPublish returns false. Default 10,000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>How long Dispose keeps trying to deliver what is still queued. Default 5 s.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>CURVE settings; null (the default) sends in plain text.</summary>
    public LedgerCurveOptions? Curve { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Endpoint, nameof(Endpoint));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1, nameof(QueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(Linger, TimeSpan.Zero, nameof(Linger));
        Curve?.Validate();
    }
}
