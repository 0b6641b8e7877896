namespace Ledger.Core.Ingest;

/// <summary>How <see cref="RecordProcessor"/> spreads decoding and enrichment.</summary>
public sealed record ProcessorOptions
{
    /// <summary>Threads that decode and enrich a large batch. Default: the processor count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Batches smaller than this are processed on the calling thread (lower latency). Default 256.</summary>
    public int ParallelThreshold { get; init; } = 256;

    /// <summary>
    /// A batch size to make room for up front (each frame's slot and ~2 KiB of line per frame, in every chunk a batch
    /// that size is split into), so the first batches that size do not grow the buffers; 0 (the default) reserves
    /// nothing beyond a small batch's room.
    /// </summary>
    /// <remarks>
    /// The daemon reserves its full batch: grown by doubling instead, a fresh daemon's first full-load run allocated
    /// ~15 MB of outgrown chunk buffers, part of what set off a full collection in that run (nineteenth session). The
    /// pages of the room become resident only when written.
    /// </remarks>
    public int ReservedBatchFrames { get; init; }

    /// <summary>
    /// Whether each worker thread runs <see cref="ProcessorWarmUp"/> when it starts, so its per-thread state (the
    /// enricher's word memo, 2.3 MB) is made then and not during the first large batch. Default false.
    /// </summary>
    public bool WarmUpWorkers { get; init; }
}
