namespace Ledger.Daemon.Options;

/// <summary>Sockets and limits of the ingest thread (<c>Ledger:Ingest:*</c>).</summary>
internal sealed class IngestOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Ingest";

    /// <summary>PULL socket, bound. Default <c>tcp://127.0.0.1:5557</c>.</summary>
    public string PullEndpoint { get; set; } = "tcp://127.0.0.1:5557";

    /// <summary>Broker PUB endpoints the SUB socket connects to. Default <c>[tcp://127.0.0.1:5555]</c>.</summary>
    /// <remarks>
    /// The configuration binder appends to a non-empty default array, so the default is applied after binding (see <see cref="EffectiveSubEndpoints"/>). Empty entries are dropped: <c>--Ledger:Ingest:SubEndpoints:0=</c> disables SUB.
    /// </remarks>
    public string[]? SubEndpoints { get; set; }

    /// <summary>The SUB endpoints to connect, after defaults.</summary>
    public string[] EffectiveSubEndpoints => SubEndpoints is null
        ? ["tcp://127.0.0.1:5555"]
        : SubEndpoints.Where(e => !string.IsNullOrWhiteSpace(e)).ToArray();

    /// <summary>ROUTER socket for acknowledged delivery, bound. Default <c>tcp://127.0.0.1:5558</c>; empty disables it.</summary>
    public string AckEndpoint { get; set; } = "tcp://127.0.0.1:5558";

    /// <summary>Largest accepted message; larger ones go to the dead letter. Default 1,048,576 (1 MiB).</summary>
    public int MaxMessageBytes { get; set; } = 1_048_576;

    /// <summary>ZMQ_MAXMSGSIZE: a memory guard only. libzmq drops the sender's whole connection above it, losing its
    /// queued messages, so it is far above <see cref="MaxMessageBytes"/>. Default 67,108,864 (64 MiB).</summary>
    public long HardMaxMessageBytes { get; set; } = 64L << 20;

    /// <summary>Receive high-water mark per socket (messages). Default 10,000.</summary>
    public int ReceiveHighWaterMark { get; set; } = 10_000;

    /// <summary>Most messages drained into one batch before it is handed on. Default 2,048.</summary>
    public int MaxBatchMessages { get; set; } = 2048;

    /// <summary>
    /// After a wake-up that drained more than one message, how long the receive thread lets the next ones gather
    /// before it looks again (acks are still sent at once). Default 300; 0 looks again at once.
    /// </summary>
    public int ReceivePacingMicroseconds { get; set; } = 300;

    public IEnumerable<string> Validate()
    {
        if (!EndpointSyntax.IsValid(PullEndpoint))
        {
            yield return $"Ledger:Ingest:PullEndpoint is not a ZeroMQ endpoint (transport://address): '{PullEndpoint}'";
        }
        var subEndpoints = EffectiveSubEndpoints;
        for (var i = 0; i < subEndpoints.Length; i++)
        {
            if (!EndpointSyntax.IsValid(subEndpoints[i]))
            {
                yield return $"Ledger:Ingest:SubEndpoints:{i} is not a ZeroMQ endpoint: '{subEndpoints[i]}'";
            }
        }
        if (!string.IsNullOrEmpty(AckEndpoint) && !EndpointSyntax.IsValid(AckEndpoint))
        {
            yield return $"Ledger:Ingest:AckEndpoint is not a ZeroMQ endpoint: '{AckEndpoint}'";
        }
        if (MaxMessageBytes < 1024)
        {
            yield return $"Ledger:Ingest:MaxMessageBytes must be at least 1024, got {MaxMessageBytes}";
        }
        if (HardMaxMessageBytes < MaxMessageBytes)
        {
            yield return $"Ledger:Ingest:HardMaxMessageBytes ({HardMaxMessageBytes}) must be ≥ Ledger:Ingest:MaxMessageBytes ({MaxMessageBytes})";
        }
        if (ReceiveHighWaterMark < 0)
        {
            yield return $"Ledger:Ingest:ReceiveHighWaterMark must be ≥ 0 (0 = unlimited), got {ReceiveHighWaterMark}";
        }
        if (MaxBatchMessages is < 1 or > 1_000_000)
        {
            yield return $"Ledger:Ingest:MaxBatchMessages must be in [1, 1000000], got {MaxBatchMessages}";
        }
        if (ReceivePacingMicroseconds is < 0 or > 100_000)
        {
            yield return $"Ledger:Ingest:ReceivePacingMicroseconds must be in [0, 100000], got {ReceivePacingMicroseconds}";
        }
    }
}
