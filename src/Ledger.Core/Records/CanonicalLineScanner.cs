using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Ledger.Core.Records;

/// <summary>
/// Reads a journal line that is exactly in the journal's own layout (the members in the order
/// <see cref="LedgerRecordJson.Write"/> writes them, no whitespace, no escapes in the top-level strings) without a
/// JSON tokenizer; anything else is left to <see cref="JournalRowReader"/>'s general path.
/// </summary>
/// <remarks>
/// <para>
/// Export reads every line of the history, and the general path spent most of its time in <see cref="Utf8JsonReader"/>
/// stepping through ~16 top-level members it already knows the order of. Here each member name is one comparison
/// of its known bytes and each string one vectorized search for its closing quote. The Metadata object (enrichment
/// keys plus arbitrary client members) still goes through a reader.
/// </para>
/// <para>
/// The scanner never refuses a line: it returns false for anything unexpected (an escape, a number with a fraction,
/// a different order, an exception in the metadata) and the caller reads the line again with the general path, so
/// every refusal and its message come from one place. It only has to be right about what it accepts, which is the
/// canonical subset of what the general path accepts; tests compare the two on random and mutated lines.
/// </para>
/// </remarks>
internal static class CanonicalLineScanner
{
    // A closing quote, or anything that makes the string need the general path: an escape or a raw control character.
    private static readonly SearchValues<byte> s_stringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    // One level shallower than the general reader (the Metadata object is a level down in the line): whatever this
    // reader takes, the general one would too. Deeper client values fall back.
    private static readonly JsonReaderOptions s_metadataOptions = new() { MaxDepth = 126 };

    /// <summary>Fills <paramref name="row"/> when <paramref name="line"/> is canonical; false (buffer possibly extended) otherwise.</summary>
    public static bool TryScan(ReadOnlySpan<byte> line, JournalRowBuffer buffer, ref JournalRow row)
    {
        var at = 0;
        ref var strings = ref row.Strings;
        if (!Member(line, ref at, "{\"Id\":"u8) || !RequiredString(line, ref at, buffer, out strings[(int)JournalStringField.Id])
            || !Member(line, ref at, ",\"Sequence\":"u8) || !Integer(line, ref at, long.MinValue, long.MaxValue, out row.Sequence)
            || !Member(line, ref at, ",\"Timestamp\":"u8) || !Timestamp(line, ref at, out row.Timestamp)
            || !Member(line, ref at, ",\"ReceivedAt\":"u8) || !Timestamp(line, ref at, out row.ReceivedAt)
            || !Member(line, ref at, ",\"SpeakerName\":"u8) || !RequiredString(line, ref at, buffer, out strings[(int)JournalStringField.SpeakerName])
            || !Member(line, ref at, ",\"SpeakerRole\":"u8) || !OptionalString(line, ref at, buffer, out strings[(int)JournalStringField.SpeakerRole])
            || !Member(line, ref at, ",\"Receiver\":"u8) || !OptionalString(line, ref at, buffer, out strings[(int)JournalStringField.Receiver])
            || !Member(line, ref at, ",\"MessageType\":"u8) || !OptionalString(line, ref at, buffer, out strings[(int)JournalStringField.MessageType])
            || !Member(line, ref at, ",\"Message\":"u8) || !RequiredString(line, ref at, buffer, out strings[(int)JournalStringField.Message])
            || !Member(line, ref at, ",\"ConversationType\":"u8) || !Integer(line, ref at, int.MinValue, int.MaxValue, out var conversationType)
            || !Member(line, ref at, ",\"ContextId\":"u8) || !OptionalString(line, ref at, buffer, out strings[(int)JournalStringField.ContextId])
            || !Member(line, ref at, ",\"CorrelationId\":"u8) || !OptionalString(line, ref at, buffer, out strings[(int)JournalStringField.CorrelationId])
            || !Member(line, ref at, ",\"CausationId\":"u8) || !OptionalString(line, ref at, buffer, out strings[(int)JournalStringField.CausationId])
            || !Member(line, ref at, ",\"Source\":"u8) || !RequiredString(line, ref at, buffer, out strings[(int)JournalStringField.Source])
            || !Member(line, ref at, ",\"Topic\":"u8) || !OptionalString(line, ref at, buffer, out strings[(int)JournalStringField.Topic])
            || !Member(line, ref at, ",\"Metadata\":"u8))
        {
            return false;
        }
        row.ConversationType = (int)conversationType;
        // The Metadata object runs to the line's last byte but one, the top-level closing brace.
        if (line.Length - at < 3 || line[at] != '{' || line[^1] != '}')
        {
            return false;
        }
        var metadata = line[at..^1];
        try
        {
            var reader = new Utf8JsonReader(metadata, s_metadataOptions);
            reader.Read();
            if (!JournalRowReader.ReadMetadata(ref reader, metadata, buffer, ref row))
            {
                return false;
            }
            return reader.TokenType == JsonTokenType.EndObject && reader.BytesConsumed == metadata.Length;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The Sequence of a line that starts in the journal's own layout (<c>{"Id":"…","Sequence":N,</c>), read without
    /// looking at the rest: for skipping lines that are already sealed. False when the start is in any other form
    /// (the caller then reads the whole line); true says nothing about whether the rest of the line is valid.
    /// </summary>
    public static bool TryReadSequence(ReadOnlySpan<byte> line, out long sequence)
    {
        sequence = 0;
        var at = 0;
        if (!Member(line, ref at, "{\"Id\":\""u8))
        {
            return false;
        }
        var close = line[at..].IndexOfAny(s_stringStops);
        if (close < 0 || line[at + close] != '"')
        {
            return false;
        }
        at += close + 1;
        return Member(line, ref at, ",\"Sequence\":"u8) && Integer(line, ref at, long.MinValue, long.MaxValue, out sequence);
    }

    private static bool Member(ReadOnlySpan<byte> line, ref int at, ReadOnlySpan<byte> expected)
    {
        if (!line[at..].StartsWith(expected))
        {
            return false;
        }
        at += expected.Length;
        return true;
    }

    private static bool RequiredString(ReadOnlySpan<byte> line, ref int at, JournalRowBuffer buffer, out Utf8Slice value) =>
        String(line, ref at, buffer, out value) && !value.IsNull;

    private static bool OptionalString(ReadOnlySpan<byte> line, ref int at, JournalRowBuffer buffer, out Utf8Slice value)
    {
        if (line[at..].StartsWith("null"u8))
        {
            at += 4;
            value = Utf8Slice.Null;
            return true;
        }
        return String(line, ref at, buffer, out value);
    }

    private static bool String(ReadOnlySpan<byte> line, ref int at, JournalRowBuffer buffer, out Utf8Slice value)
    {
        value = Utf8Slice.Null;
        if (at >= line.Length || line[at] != '"')
        {
            return false;
        }
        var text = line[(at + 1)..];
        var end = text.IndexOfAny(s_stringStops);
        if (end < 0 || text[end] != '"' || !Utf8.IsValid(text[..end]))
        {
            return false;
        }
        var start = buffer.Bytes.WrittenCount;
        buffer.Bytes.Write(text[..end]);
        value = new Utf8Slice(start, end);
        at += end + 2;
        return true;
    }

    /// <summary>A JSON integer (no fraction, exponent, plus sign or leading zero) within [min, max], then a comma.</summary>
    private static bool Integer(ReadOnlySpan<byte> line, ref int at, long min, long max, out long value)
    {
        value = 0;
        var text = line[at..];
        var digits = text.Length > 0 && text[0] == '-' ? 1 : 0;
        var length = text[digits..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (length <= 0 || (text[digits] == '0' && length > 1) || digits + length >= text.Length || text[digits + length] != ',')
        {
            return false;
        }
        if (!Utf8Parser.TryParse(text[..(digits + length)], out value, out var consumed) || consumed != digits + length || value < min || value > max)
        {
            return false;
        }
        at += consumed;
        return true;
    }

    /// <summary>Only the journal's own <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>; any other form falls back.</summary>
    private static bool Timestamp(ReadOnlySpan<byte> line, ref int at, out DateTime utc)
    {
        utc = default;
        var text = line[at..];
        if (text.Length < IsoTimestampUtf8.Length + 2 || text[0] != '"' || text[IsoTimestampUtf8.Length + 1] != '"')
        {
            return false;
        }
        var value = text.Slice(1, IsoTimestampUtf8.Length);
        if (value[19] != '.' || value[23] != 'Z' || !IsoTimestampUtf8.TryParse(value, out utc))
        {
            return false;
        }
        at += IsoTimestampUtf8.Length + 2;
        return true;
    }
}
