using Ledger.Core.Records;

namespace Ledger.Core.Ingest;

/// <summary>
/// One frame after the parallel stage: an accepted record serialized without its Sequence (bytes [Start, IdEnd)
/// and [IdEnd, End) of its chunk's buffer; an ack's Id is read from [Start, IdEnd)), or the reason it was rejected.
/// </summary>
/// <remarks>
/// Not the record itself: a batch waits here for its commit while the next one is prepared, and records kept
/// that long survived young collections, were copied into the next generation and died there. (On its own this
/// did not shorten the pauses: the runtime answered the lower survival with a smaller young budget. With the
/// budget set, see config/runtime.env, both together took the durable run's pauses from ~250 to ~100 ms per
/// million messages.)
/// </remarks>
internal readonly record struct PreparedFrame(FrameContext Context, bool Accepted, string? Reason, UInt128 IdDigest, int Chunk, int Start, int IdEnd, int End)
{
    public static PreparedFrame Rejected(FrameContext context, string reason, int chunk) => new(context, false, reason, default, chunk, 0, 0, 0);
}
