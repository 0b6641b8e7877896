using Ledger.Core.Ingest;

namespace Ledger.Core.Records;

/// <summary>What one pass over a frame found, before the shape rules of DESIGN.md §4 pick the record's values.</summary>
/// <remarks>Both shapes fill the same bag, so a frame mixing seed and envelope names still decodes predictably.</remarks>
internal struct DecodedFields
{
    public string? Id;

    /// <summary>Instead of <see cref="Id"/>: where a plain (unescaped) JSON string Id is in the frame (the seed scanner's ingest mode).</summary>
    public Range? IdUtf8;
    public DateTime? Timestamp;
    public string? SpeakerName;
    public string? SpeakerRole;
    public string? Message;
    public int ConversationType;
    public string? ContextId;
    public string? Receiver;
    public string? MessageType;
    public string? CorrelationId;
    public string? CausationId;

    // Event envelope only.
    public string? EventId;
    public string? EventType;
    public string? Origin;
    public string? PayloadAgent;
    public string? PayloadSpeaker;
    public string? PayloadMessage;
    public string? PayloadContent;
    public string? PayloadText;
    public Range? PayloadJson;

    // UTF-8 mode (MessageDecoder's ingest overload): the seed Message is copied to MessageUtf8 from
    // MessageUtf8Start on, and MessageInBuffer says a string (not null) is there.
    public ByteBufferWriter? MessageUtf8;
    public int MessageUtf8Start;
    public bool MessageInBuffer;

    /// <summary>The text in <see cref="MessageUtf8"/> is all printable ASCII other than the quote and the backslash: JSON keeps it as it is.</summary>
    public bool MessagePlain;
}
