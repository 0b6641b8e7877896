namespace Ledger.Core.Records;

/// <summary>One journaled message: the seed fields, where it came from, and what the enricher added (DESIGN.md §5).</summary>
/// <remarks>
/// Instances are built by the decoder, completed by the enricher, given a <see cref="Sequence"/> by the journal and
/// never changed after they are serialized. Timestamps are UTC with millisecond precision on disk.
/// </remarks>
public sealed class LedgerRecord
{
    /// <summary>Client id, or a UUIDv7 assigned on receipt when the client sent none.</summary>
    public required string Id { get; init; }

    /// <summary>Journal position, strictly increasing by one; 0 until the journal assigns it.</summary>
    public long Sequence { get; set; }

    /// <summary>Client timestamp (UTC); the receive time when the client sent none.</summary>
    public required DateTime Timestamp { get; init; }

    /// <summary>When the daemon read the frame off its socket (UTC).</summary>
    public required DateTime ReceivedAt { get; init; }

    public required string SpeakerName { get; init; }
    public string? SpeakerRole { get; init; }
    public string? Receiver { get; init; }
    public string? MessageType { get; init; }
    public required string Message { get; init; }
    public int ConversationType { get; init; }
    public string? ContextId { get; init; }
    public string? CorrelationId { get; init; }
    public string? CausationId { get; init; }

    /// <summary>Socket the frame arrived on: <c>pull</c>, <c>sub</c> or <c>router</c>.</summary>
    public required string Source { get; init; }

    /// <summary>First frame of a multipart PULL/SUB message, else null.</summary>
    public string? Topic { get; init; }

    /// <summary>Enrichment plus the client's own metadata keys.</summary>
    public RecordMetadata Metadata { get; set; } = RecordMetadata.Empty;
}
