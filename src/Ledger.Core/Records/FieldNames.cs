using System.Text.Json;

namespace Ledger.Core.Records;

/// <summary>Matches property names case-insensitively with underscores ignored, without allocating.</summary>
/// <remarks>
/// <c>speaker_name</c>, <c>SpeakerName</c> and <c>speakername</c> all normalise to <c>speakername</c>. Names longer than
/// <see cref="MaxNameBytes"/> or with non-ASCII bytes cannot be ours and are reported as unknown.
/// </remarks>
internal static class FieldNames
{
    private const int MaxNameBytes = 40;

    /// <summary>Maps the property name under <paramref name="reader"/> to a top-level field.</summary>
    public static FrameField MatchTopLevel(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && MatchSeedName(reader.ValueSpan) is var seed and not FrameField.Unknown)
        {
            return seed;
        }
        Span<byte> buffer = stackalloc byte[MaxNameBytes];
        ReadOnlySpan<byte> name = buffer[..Normalize(ref reader, buffer)];
        return name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => FrameField.Id,
            6 when name.SequenceEqual("sender"u8) => FrameField.SpeakerName,
            6 when name.SequenceEqual("source"u8) => FrameField.Source,
            7 when name.SequenceEqual("message"u8) => FrameField.Message,
            7 when name.SequenceEqual("content"u8) => FrameField.Message,
            7 when name.SequenceEqual("eventid"u8) => FrameField.EventId,
            7 when name.SequenceEqual("payload"u8) => FrameField.Payload,
            8 when name.SequenceEqual("metadata"u8) => FrameField.Metadata,
            8 when name.SequenceEqual("receiver"u8) => FrameField.Receiver,
            9 when name.SequenceEqual("timestamp"u8) => FrameField.Timestamp,
            9 when name.SequenceEqual("contextid"u8) => FrameField.ContextId,
            9 when name.SequenceEqual("eventtype"u8) => FrameField.EventType,
            11 when name.SequenceEqual("speakername"u8) => FrameField.SpeakerName,
            11 when name.SequenceEqual("speakerrole"u8) => FrameField.SpeakerRole,
            11 when name.SequenceEqual("messagetype"u8) => FrameField.MessageType,
            11 when name.SequenceEqual("causationid"u8) => FrameField.CausationId,
            13 when name.SequenceEqual("correlationid"u8) => FrameField.CorrelationId,
            16 when name.SequenceEqual("conversationtype"u8) => FrameField.ConversationType,
            _ => FrameField.Unknown,
        };
    }

    /// <summary>The seed's own spelling of each field (DESIGN.md §4), which nearly every frame uses: no normalising copy.</summary>
    internal static FrameField MatchSeedName(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("Id"u8) => FrameField.Id,
        7 when name.SequenceEqual("Message"u8) => FrameField.Message,
        8 when name.SequenceEqual("Metadata"u8) => FrameField.Metadata,
        8 when name.SequenceEqual("Receiver"u8) => FrameField.Receiver,
        9 when name.SequenceEqual("Timestamp"u8) => FrameField.Timestamp,
        9 when name.SequenceEqual("ContextId"u8) => FrameField.ContextId,
        11 when name.SequenceEqual("SpeakerName"u8) => FrameField.SpeakerName,
        11 when name.SequenceEqual("SpeakerRole"u8) => FrameField.SpeakerRole,
        11 when name.SequenceEqual("MessageType"u8) => FrameField.MessageType,
        11 when name.SequenceEqual("CausationId"u8) => FrameField.CausationId,
        13 when name.SequenceEqual("CorrelationId"u8) => FrameField.CorrelationId,
        16 when name.SequenceEqual("ConversationType"u8) => FrameField.ConversationType,
        _ => FrameField.Unknown,
    };

    /// <summary>True when the property name under <paramref name="reader"/> normalises to <paramref name="expected"/>
    /// (lower-case ASCII without underscores).</summary>
    public static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected)
    {
        Span<byte> buffer = stackalloc byte[MaxNameBytes];
        return buffer[..Normalize(ref reader, buffer)].SequenceEqual(expected);
    }

    private static int Normalize(ref Utf8JsonReader reader, scoped Span<byte> buffer)
    {
        scoped ReadOnlySpan<byte> raw = reader.ValueSpan;
        if (raw.Length > MaxNameBytes)
        {
            return 0;
        }
        if (reader.ValueIsEscaped)
        {
            // Escaped names ("\u0049d") are legal JSON; unescaping never makes the name longer, so it fits.
            raw = buffer[..reader.CopyString(buffer)];
        }
        var length = 0;
        foreach (var b in raw)
        {
            if (b == (byte)'_')
            {
                continue;
            }
            if (b >= 0x80)
            {
                return 0;
            }
            buffer[length++] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }
        return length;
    }
}
