namespace Ledger.Core.Records;

/// <summary>
/// The decoded fields of one record as a value: what the ingest path holds between decoding a frame and writing its
/// line, instead of a <see cref="LedgerRecord"/> object per message.
/// </summary>
/// <remarks>
/// Records died young on the ingest path (decoded, enriched and serialized within one chunk), yet a record was the
/// largest allocation left per message (144 of ~210 bytes) and one of the two objects every young collection walked
/// past. The processor keeps these on its stack, a sub-range at a time (in a heap array each of the dozen
/// references would cost a write barrier and a card, which measured slower than the objects). The members mean what
/// <see cref="LedgerRecord"/>'s do; the client's metadata is the text <see cref="RecordMetadata.ClientJson"/> would carry.
/// </remarks>
internal readonly record struct RecordFields
{
    public required string Id { get; init; }

    /// <summary>
    /// On the ingest path only (<see cref="MessageDecoder.TryDecodeFields"/>): where the Id's UTF-8 is in the frame,
    /// when it was a JSON string with no escapes; <see cref="Id"/> is then empty. No string is made for an Id that
    /// only has to be hashed and copied into the line (it was the last allocation per message).
    /// </summary>
    public Range? IdUtf8 { get; init; }
    public required DateTime Timestamp { get; init; }
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
    public required string Source { get; init; }
    public string? Topic { get; init; }
    public string? ClientJson { get; init; }

    /// <summary>
    /// On the ingest path only: the message's UTF-8 (not <see cref="Message"/>) is all printable ASCII other than the
    /// quote and the backslash, which the seed scanner saw in the pass that found its end, so the line writer copies it
    /// between quotes without looking at it again.
    /// </summary>
    public bool MessagePlain { get; init; }

    /// <summary>The fields of <paramref name="record"/> (its enrichment is not among them).</summary>
    public static RecordFields Of(LedgerRecord record) => new()
    {
        Id = record.Id,
        Timestamp = record.Timestamp,
        ReceivedAt = record.ReceivedAt,
        SpeakerName = record.SpeakerName,
        SpeakerRole = record.SpeakerRole,
        Receiver = record.Receiver,
        MessageType = record.MessageType,
        Message = record.Message,
        ConversationType = record.ConversationType,
        ContextId = record.ContextId,
        CorrelationId = record.CorrelationId,
        CausationId = record.CausationId,
        Source = record.Source,
        Topic = record.Topic,
        ClientJson = record.Metadata.ClientJson,
    };

    /// <summary>A record with these fields, Sequence 0, and <paramref name="metadata"/> (which carries the client's keys).</summary>
    public LedgerRecord ToRecord(RecordMetadata metadata) => new()
    {
        Id = Id,
        Timestamp = Timestamp,
        ReceivedAt = ReceivedAt,
        SpeakerName = SpeakerName,
        SpeakerRole = SpeakerRole,
        Receiver = Receiver,
        MessageType = MessageType,
        Message = Message,
        ConversationType = ConversationType,
        ContextId = ContextId,
        CorrelationId = CorrelationId,
        CausationId = CausationId,
        Source = Source,
        Topic = Topic,
        Metadata = metadata,
    };
}
