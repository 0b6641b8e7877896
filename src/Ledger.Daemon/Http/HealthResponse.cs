namespace Ledger.Daemon.Http;

/// <summary>The /health body; lastSequence is the last fsync'd Sequence; diskFull is true while ingest waits for space.</summary>
internal sealed record HealthResponse(
    string Status,
    long LastSequence,
    long Received,
    long Persisted,
    long Rejected,
    long Duplicates,
    double UptimeSeconds,
    string DataDirectory,
    string? PullEndpoint,
    string? AckEndpoint,
    bool DiskFull);
