namespace Ledger.Core.Records;

/// <summary>The string values of a journal line, as indexes into <see cref="JournalRow.Strings"/>.</summary>
internal enum JournalStringField
{
    Id,
    SpeakerName,
    SpeakerRole,
    Receiver,
    MessageType,
    Message,
    ContextId,
    CorrelationId,
    CausationId,
    Source,
    Topic,
    ChainType,
    AceTier,
    ContentHash,

    /// <summary>The client's metadata members as one compact JSON object; null when there are none.</summary>
    ClientJson,
}
