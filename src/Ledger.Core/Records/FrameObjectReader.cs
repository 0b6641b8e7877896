using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Ledger.Core.Records;

/// <summary>
/// <see cref="MessageDecoder"/>'s general path: one forward pass of <see cref="Utf8JsonReader"/> over a frame of any
/// accepted shape (seed, envelope, members in any order, escapes, nested client metadata), with a reason for each
/// refusal.
/// </summary>
/// <remarks>
/// Apart from the decoder since the nineteenth session (it was past 440 lines): the decoder keeps the checks before
/// reading, the choice between <see cref="SeedFrameScanner"/> and this reader, and the record made from the fields.
/// </remarks>
internal static class FrameObjectReader
{
    /// <summary>
    /// Reads the object in <paramref name="frame"/> member by member into <paramref name="fields"/> (client metadata into
    /// <paramref name="client"/>); false with a reason for anything the record cannot be made from.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, JsonReaderOptions readerOptions, ref DecodedFields fields,
        ClientMetadataBuilder client, [NotNullWhen(false)] out string? reason)
    {
        if (frame.Trim(" \t\r\n"u8).IsEmpty)
        {
            reason = "frame is empty, expected a JSON object";
            return false;
        }
        var reader = new Utf8JsonReader(frame, readerOptions);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reason = $"frame is a JSON {JsonFieldReader.TypeName(reader.TokenType)}, expected an object";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldNames.MatchTopLevel(ref reader);
                reader.Read();
                if (!TryReadField(field, ref reader, ref fields, client, out reason))
                {
                    return false;
                }
            }
            // Anything but whitespace after the object makes this Read throw ("invalid after a single JSON value").
            reader.Read();
            reason = null;
            return true;
        }
        catch (JsonException ex)
        {
            reason = DescribeJsonError(ex, frame, readerOptions.MaxDepth);
            return false;
        }
        catch (InvalidOperationException)
        {
            // Raised while unescaping a client metadata string or property name holding a lone surrogate.
            reason = "a string contains an invalid \\u escape (lone surrogate)";
            return false;
        }
    }

    private static bool TryReadField(FrameField field, ref Utf8JsonReader reader, ref DecodedFields f, ClientMetadataBuilder client, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        switch (field)
        {
            case FrameField.Id: return JsonFieldReader.TryReadId(ref reader, "Id", out f.Id, out reason);
            case FrameField.Timestamp: return TryReadTimestamp(ref reader, ref f, out reason);
            case FrameField.SpeakerName: return JsonFieldReader.TryReadString(ref reader, "SpeakerName", out f.SpeakerName, out reason);
            case FrameField.SpeakerRole: return JsonFieldReader.TryReadString(ref reader, "SpeakerRole", out f.SpeakerRole, out reason);
            case FrameField.Message:
                return f.MessageUtf8 is null
                    ? JsonFieldReader.TryReadString(ref reader, "Message", out f.Message, out reason)
                    : TryCopyMessage(ref reader, ref f, out reason);
            case FrameField.ConversationType: return JsonFieldReader.TryReadInt32(ref reader, "ConversationType", out f.ConversationType, out reason);
            case FrameField.ContextId: return JsonFieldReader.TryReadId(ref reader, "ContextId", out f.ContextId, out reason);
            case FrameField.Receiver: return JsonFieldReader.TryReadString(ref reader, "Receiver", out f.Receiver, out reason);
            case FrameField.MessageType: return JsonFieldReader.TryReadString(ref reader, "MessageType", out f.MessageType, out reason);
            case FrameField.CorrelationId: return JsonFieldReader.TryReadId(ref reader, "CorrelationId", out f.CorrelationId, out reason);
            case FrameField.CausationId: return JsonFieldReader.TryReadId(ref reader, "CausationId", out f.CausationId, out reason);
            case FrameField.EventId: return JsonFieldReader.TryReadId(ref reader, "event_id", out f.EventId, out reason);
            case FrameField.EventType: return JsonFieldReader.TryReadString(ref reader, "event_type", out f.EventType, out reason);
            case FrameField.Source: return EnvelopeDecoder.TryReadSource(ref reader, ref f, client, out reason);
            case FrameField.Payload: return EnvelopeDecoder.TryReadPayload(ref reader, ref f, client, out reason);
            case FrameField.Metadata:
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    client.CopyMembers(ref reader);
                    return true;
                }
                if (reader.TokenType == JsonTokenType.Null)
                {
                    return true;
                }
                reason = JsonFieldReader.WrongType("Metadata", "an object", reader.TokenType);
                return false;
            default:
                // Unknown top-level members are ignored so newer clients can add fields without being rejected.
                reader.Skip();
                return true;
        }
    }

    private static bool TryReadTimestamp(ref Utf8JsonReader reader, ref DecodedFields fields, [NotNullWhen(false)] out string? reason)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && IsoTimestampUtf8.TryParse(reader.ValueSpan, out var fast))
        {
            fields.Timestamp = fast;
            reason = null;
            return true;
        }
        if (!JsonFieldReader.TryReadString(ref reader, "Timestamp", out var text, out reason))
        {
            return false;
        }
        if (text is null)
        {
            return true;
        }
        if (!TimestampParser.TryParse(text, out var utc))
        {
            reason = $"Timestamp is not ISO-8601: '{(text.Length > 64 ? text[..64] + "…" : text)}'";
            return false;
        }
        fields.Timestamp = utc;
        return true;
    }

    /// <summary>Copies the seed <c>Message</c> (string or null) into <see cref="DecodedFields.MessageUtf8"/>; the last duplicate wins.</summary>
    private static bool TryCopyMessage(ref Utf8JsonReader reader, ref DecodedFields f, [NotNullWhen(false)] out string? reason)
    {
        var buffer = f.MessageUtf8!;
        buffer.Truncate(f.MessageUtf8Start);
        f.MessageInBuffer = false;
        reason = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                break;
            default:
                reason = JsonFieldReader.WrongType("Message", "a string", reader.TokenType);
                return false;
        }
        if (!reader.ValueIsEscaped)
        {
            // The frame was validated as UTF-8 up front, so the raw value is the text.
            buffer.Write(reader.ValueSpan);
        }
        else
        {
            try
            {
                // Unescaping never lengthens UTF-8.
                buffer.Advance(reader.CopyString(buffer.GetSpan(reader.ValueSpan.Length)));
            }
            catch (InvalidOperationException)
            {
                buffer.Truncate(f.MessageUtf8Start);
                reason = "Message contains an invalid \\u escape (lone surrogate)";
                return false;
            }
        }
        f.MessageInBuffer = true;
        return true;
    }

    private static string DescribeJsonError(JsonException ex, ReadOnlySpan<byte> frame, int maxDepth)
    {
        // The reader reports the depth limit only through its message; its state at the throw is not reliable.
        if (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return string.Create(CultureInfo.InvariantCulture, $"nesting deeper than {maxDepth}");
        }
        // The exception counts lines and bytes within the line; a dead-letter reader wants one absolute offset.
        var line = ex.LineNumber ?? 0;
        var offset = ex.BytePositionInLine ?? 0;
        for (var remaining = line; remaining > 0; remaining--)
        {
            var newline = frame.IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }
            offset += newline + 1;
            frame = frame[(newline + 1)..];
        }
        var total = frame.Length + (offset - (ex.BytePositionInLine ?? 0));
        var where = line == 0
            ? string.Create(CultureInfo.InvariantCulture, $"byte {offset}")
            : string.Create(CultureInfo.InvariantCulture, $"byte {offset} (line {line + 1})");
        var detail = ex.Message;
        var cut = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            detail = detail[..cut];
        }
        return offset >= total
            ? string.Create(CultureInfo.InvariantCulture, $"truncated JSON: input ends at byte {total} inside an unfinished value ({detail})")
            : $"not valid JSON at {where}: {detail}";
    }
}
