namespace Ledger.Core.Ingest;

/// <summary>How <see cref="RecordProcessor"/> spreads decoding and enrichment.</summary>
public sealed record ProcessorOptions
{
    /// <summary>Threads that decode and enrich a large batch. Default: the processor count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Batches smaller than this are processed on the calling thread (lower latency). Default 256.</summary>
    public int ParallelThreshold { get; init; } = 256;
}
