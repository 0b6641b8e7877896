namespace Ledger.Core.Records;

/// <summary>Top-level properties the decoder understands, across both input shapes of DESIGN.md §4.</summary>
internal enum FrameField
{
    Unknown,
    Id,
    Timestamp,
    SpeakerName,
    SpeakerRole,
    Message,
    ConversationType,
    ContextId,
    Metadata,
    Receiver,
    MessageType,
    CorrelationId,
    CausationId,
    EventId,
    EventType,
    Source,
    Payload,
}
