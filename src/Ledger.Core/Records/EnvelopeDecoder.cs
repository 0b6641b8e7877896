using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Ledger.Core.Records;

/// <summary>Reads the <c>source</c> and <c>payload</c> objects of the event envelope (DESIGN.md §4, shape 2).</summary>
/// <remarks>
/// Members the record has no column for (source.runtime, payload fields other than agent/speaker/message/content)
/// are kept as client metadata under their own names, so nothing the client sent is lost.
/// </remarks>
internal static class EnvelopeDecoder
{
    /// <summary>Reads <c>source</c>: an object with <c>origin</c>, or a plain string taken as the origin.</summary>
    public static bool TryReadSource(ref Utf8JsonReader reader, ref DecodedFields fields, ClientMetadataBuilder client, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                return JsonFieldReader.TryReadString(ref reader, "source", out fields.Origin, out reason);
            case JsonTokenType.StartObject:
                break;
            default:
                reason = JsonFieldReader.WrongType("source", "an object", reader.TokenType);
                return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (FieldNames.Is(ref reader, "origin"u8))
            {
                reader.Read();
                if (!JsonFieldReader.TryReadString(ref reader, "source.origin", out fields.Origin, out reason))
                {
                    return false;
                }
            }
            else
            {
                client.CopyMember(ref reader);
            }
        }
        return true;
    }

    /// <summary>Reads <c>payload</c>: speaker and text candidates, the rest to client metadata, and where its JSON text lies.</summary>
    public static bool TryReadPayload(ref Utf8JsonReader reader, ref DecodedFields fields, ClientMetadataBuilder client, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                return JsonFieldReader.TryReadString(ref reader, "payload", out fields.PayloadText, out reason);
            case JsonTokenType.StartObject:
                break;
            default:
                reason = JsonFieldReader.WrongType("payload", "an object", reader.TokenType);
                return false;
        }
        var start = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryReadPayloadMember(ref reader, ref fields, client, out reason))
            {
                return false;
            }
        }
        // Only the span is kept: the text is materialized when the payload itself must become the message, and then
        // it reads exactly as sent rather than re-serialized.
        fields.PayloadJson = start..(int)reader.BytesConsumed;
        return true;
    }

    private static bool TryReadPayloadMember(ref Utf8JsonReader reader, ref DecodedFields fields, ClientMetadataBuilder client, [NotNullWhen(false)] out string? reason)
    {
        if (FieldNames.Is(ref reader, "agent"u8))
        {
            reader.Read();
            return JsonFieldReader.TryReadString(ref reader, "payload.agent", out fields.PayloadAgent, out reason);
        }
        if (FieldNames.Is(ref reader, "speaker"u8))
        {
            reader.Read();
            return JsonFieldReader.TryReadString(ref reader, "payload.speaker", out fields.PayloadSpeaker, out reason);
        }
        if (FieldNames.Is(ref reader, "message"u8))
        {
            reader.Read();
            return JsonFieldReader.TryReadString(ref reader, "payload.message", out fields.PayloadMessage, out reason);
        }
        if (FieldNames.Is(ref reader, "content"u8))
        {
            reader.Read();
            return JsonFieldReader.TryReadString(ref reader, "payload.content", out fields.PayloadContent, out reason);
        }
        client.CopyMember(ref reader);
        reason = null;
        return true;
    }
}
