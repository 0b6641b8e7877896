using System.Text;
using System.Text.Json;
using Ledger.Core.Ingest;
using static Ledger.Core.Records.SeedFrameTokens;

namespace Ledger.Core.Records;

/// <summary>
/// Decodes the common frame, a flat seed-shaped object, in one forward pass without <see cref="Utf8JsonReader"/>;
/// says "not mine" for anything else, and <see cref="MessageDecoder"/> then reads the frame the general way.
/// </summary>
/// <remarks>
/// <para>
/// The reader's token-by-token state machine cost about a sixth of the daemon's CPU for ~10 members a frame. This
/// scanner accepts only what it can decode exactly as the reader path would: the seed's own member names, each at most
/// once; strings without escapes or control characters (the Message may hold escapes: that one token is unescaped by
/// a reader over just its bytes); small integers; null; and a Metadata object of such members. Spaces may surround
/// the punctuation. Anything else (envelope shapes, other spellings, duplicates, nested metadata, fractions, tabs or
/// newlines between tokens, anything after the object) is left to the reader, which also words every rejection: the
/// scanner never rejects a frame.
/// </para>
/// <para>
/// The frame must already be valid UTF-8. Tests decode a corpus both ways and require the same records and reasons.
/// </para>
/// </remarks>
internal static class SeedFrameScanner
{
    /// <summary>
    /// Fills <paramref name="fields"/> (which must be fresh) from <paramref name="frame"/>, the seed Message going to
    /// <see cref="DecodedFields.MessageUtf8"/>; false when the frame is not of the scanned shape, with the buffer
    /// restored and <paramref name="fields"/> to be discarded.
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> frame, ref DecodedFields fields, out string? clientJson)
    {
        clientJson = null;
        var buffer = fields.MessageUtf8!;
        if (TryScanObject(frame, ref fields, ref clientJson))
        {
            return true;
        }
        buffer.Truncate(fields.MessageUtf8Start);
        clientJson = null;
        return false;
    }

    private static bool TryScanObject(ReadOnlySpan<byte> frame, ref DecodedFields f, ref string? clientJson)
    {
        if (frame.Length < 2 || frame[0] != (byte)'{')
        {
            return false;
        }
        var p = SkipSpaces(frame, 1);
        var seen = 0;
        while (true)
        {
            if (!TryScanPlainString(frame, ref p, out var name))
            {
                return false;
            }
            var field = FieldNames.MatchSeedName(name);
            var bit = 1 << (int)field;
            if (field == FrameField.Unknown || (seen & bit) != 0)
            {
                return false;
            }
            seen |= bit;
            p = SkipSpaces(frame, p);
            if (p >= frame.Length || frame[p] != (byte)':')
            {
                return false;
            }
            p = SkipSpaces(frame, p + 1);
            if (!TryScanValue(frame, ref p, field, ref f, ref clientJson))
            {
                return false;
            }
            p = SkipSpaces(frame, p);
            if (p >= frame.Length)
            {
                return false;
            }
            if (frame[p] == (byte)'}')
            {
                // Trailing whitespace is legal but rare: the reader handles it.
                return p == frame.Length - 1;
            }
            if (frame[p] != (byte)',')
            {
                return false;
            }
            p = SkipSpaces(frame, p + 1);
        }
    }

    private static bool TryScanValue(ReadOnlySpan<byte> frame, ref int p, FrameField field, ref DecodedFields f, ref string? clientJson)
    {
        switch (field)
        {
            case FrameField.Id: return TryScanId(frame, ref p, ref f);
            case FrameField.SpeakerName: return TryScanString(frame, ref p, out f.SpeakerName, repeats: true);
            case FrameField.SpeakerRole: return TryScanString(frame, ref p, out f.SpeakerRole, repeats: true);
            case FrameField.Receiver: return TryScanString(frame, ref p, out f.Receiver, repeats: true);
            case FrameField.MessageType: return TryScanString(frame, ref p, out f.MessageType, repeats: true);
            case FrameField.ContextId: return TryScanString(frame, ref p, out f.ContextId, repeats: true);
            case FrameField.CorrelationId: return TryScanString(frame, ref p, out f.CorrelationId);
            case FrameField.CausationId: return TryScanString(frame, ref p, out f.CausationId);
            case FrameField.Timestamp: return TryScanTimestamp(frame, ref p, ref f);
            case FrameField.Message: return TryScanMessage(frame, ref p, ref f);
            case FrameField.ConversationType: return TryScanNull(frame, ref p) || TryScanInteger(frame, ref p, out f.ConversationType);
            case FrameField.Metadata: return TryScanNull(frame, ref p) || TryScanMetadata(frame, ref p, out clientJson);
            default: return false;
        }
    }

    /// <summary>A string without escapes (made a .NET string), or null.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="p">Where the value starts; moved past it.</param>
    /// <param name="value">The string, or null for JSON null.</param>
    /// <param name="repeats">The field usually repeats from message to message: the string may be a remembered one (<see cref="RecentStrings"/>).</param>
    private static bool TryScanString(ReadOnlySpan<byte> frame, ref int p, out string? value, bool repeats = false)
    {
        value = null;
        if (TryScanNull(frame, ref p))
        {
            return true;
        }
        if (!TryScanPlainString(frame, ref p, out var utf8))
        {
            return false;
        }
        value = repeats ? RecentStrings.Get(utf8) : Encoding.UTF8.GetString(utf8);
        return true;
    }

    /// <summary>The Id as where its bytes are (a plain string needs no unescaping: its UTF-8 is the frame's), or null.</summary>
    private static bool TryScanId(ReadOnlySpan<byte> frame, ref int p, ref DecodedFields f)
    {
        if (TryScanNull(frame, ref p))
        {
            return true;
        }
        var start = p + 1;
        if (!TryScanPlainString(frame, ref p, out var utf8))
        {
            return false;
        }
        f.IdUtf8 = start..(start + utf8.Length);
        return true;
    }

    private static bool TryScanTimestamp(ReadOnlySpan<byte> frame, ref int p, ref DecodedFields f)
    {
        if (TryScanNull(frame, ref p))
        {
            return true;
        }
        // Only the strict form the reader path also parses without a string; other spellings take that path.
        if (!TryScanPlainString(frame, ref p, out var utf8) || !IsoTimestampUtf8.TryParse(utf8, out var utc))
        {
            return false;
        }
        f.Timestamp = utc;
        return true;
    }

    /// <summary>The seed Message into the UTF-8 buffer, escapes and all (the last token the reader would unescape).</summary>
    private static bool TryScanMessage(ReadOnlySpan<byte> frame, ref int p, ref DecodedFields f)
    {
        var buffer = f.MessageUtf8!;
        if (TryScanNull(frame, ref p))
        {
            return true;
        }
        if (p >= frame.Length || frame[p] != (byte)'"')
        {
            return false;
        }
        var start = p + 1;
        // Agent text is mostly printable ASCII: then one pass finds the closing quote and says there is nothing to
        // unescape, no control byte, and nothing the line writer must escape (three passes before).
        // "Plain" is what the journal's line writer copies as it is: printable ASCII other than the quote and backslash.
        var plainEnd = frame[start..].IndexOfAnyExcept(JournalLineWriter.PlainBytes);
        if (plainEnd >= 0 && frame[start + plainEnd] == (byte)'"')
        {
            buffer.Write(frame.Slice(start, plainEnd));
            f.MessageInBuffer = true;
            f.MessagePlain = true;
            p = start + plainEnd + 1;
            return true;
        }
        var escaped = false;
        var i = start;
        while (true)
        {
            var stop = frame[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (stop < 0)
            {
                return false;
            }
            i += stop;
            if (frame[i] == (byte)'"')
            {
                break;
            }
            escaped = true;
            i += 2; // the escaped byte can be a quote; \uXXXX's hex digits are plain bytes
            if (i >= frame.Length)
            {
                return false;
            }
        }
        var raw = frame[start..i];
        if (HasControlByte(raw))
        {
            return false;
        }
        if (!escaped)
        {
            buffer.Write(raw);
        }
        else if (!TryUnescape(frame[(start - 1)..(i + 1)], buffer))
        {
            return false;
        }
        f.MessageInBuffer = true;
        p = i + 1;
        return true;
    }

    /// <summary>Unescapes one quoted JSON string token exactly as the reader path does; false for a bad escape.</summary>
    private static bool TryUnescape(ReadOnlySpan<byte> quoted, ByteBufferWriter buffer)
    {
        var reader = new Utf8JsonReader(quoted);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }
            // Unescaping never lengthens UTF-8.
            buffer.Advance(reader.CopyString(buffer.GetSpan(reader.ValueSpan.Length)));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate: the reader path words that rejection.
            return false;
        }
    }

    /// <summary>A flat object of plain-ASCII names and string, integer, boolean or null values, re-emitted compact.</summary>
    /// <remarks>
    /// The reader path copies such members through a Utf8JsonWriter with the journal's encoder, which keeps printable
    /// ASCII other than the quote and the backslash as it is; so the bytes between the punctuation are the output.
    /// An empty object carries no client metadata (null), as on that path.
    /// </remarks>
    private static bool TryScanMetadata(ReadOnlySpan<byte> frame, ref int p, out string? clientJson)
    {
        clientJson = null;
        if (p >= frame.Length || frame[p] != (byte)'{')
        {
            return false;
        }
        p = SkipSpaces(frame, p + 1);
        if (p < frame.Length && frame[p] == (byte)'}')
        {
            p++;
            return true;
        }
        Span<byte> compact = stackalloc byte[256];
        var length = 0;
        compact[length++] = (byte)'{';
        while (true)
        {
            var nameStart = p;
            if (!TryScanPlainString(frame, ref p, out var name) || !IsPlainAscii(name))
            {
                return false;
            }
            var quotedName = frame[nameStart..p];
            p = SkipSpaces(frame, p);
            if (p >= frame.Length || frame[p] != (byte)':')
            {
                return false;
            }
            p = SkipSpaces(frame, p + 1);
            var valueStart = p;
            if (!TryScanMetadataValue(frame, ref p))
            {
                return false;
            }
            var value = frame[valueStart..p];
            if (length + quotedName.Length + value.Length + 2 > compact.Length)
            {
                return false; // large client metadata is rare: the reader path copies it
            }
            quotedName.CopyTo(compact[length..]);
            length += quotedName.Length;
            compact[length++] = (byte)':';
            value.CopyTo(compact[length..]);
            length += value.Length;
            p = SkipSpaces(frame, p);
            if (p >= frame.Length)
            {
                return false;
            }
            if (frame[p] == (byte)'}')
            {
                compact[length++] = (byte)'}';
                p++;
                // Agents tend to send the same metadata object again and again.
                clientJson = RecentStrings.Get(compact[..length]);
                return true;
            }
            if (frame[p] != (byte)',')
            {
                return false;
            }
            compact[length++] = (byte)',';
            p = SkipSpaces(frame, p + 1);
        }
    }

    private static bool TryScanMetadataValue(ReadOnlySpan<byte> frame, ref int p)
    {
        if (p >= frame.Length)
        {
            return false;
        }
        switch (frame[p])
        {
            case (byte)'"':
                return TryScanPlainString(frame, ref p, out var text) && IsPlainAscii(text);
            case (byte)'t':
                return TryScanLiteral(frame, ref p, "true"u8);
            case (byte)'f':
                return TryScanLiteral(frame, ref p, "false"u8);
            case (byte)'n':
                return TryScanLiteral(frame, ref p, "null"u8);
            default:
                return TryScanInteger(frame, ref p, out _);
        }
    }
}
