using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Ledger.Core.Ingest;

namespace Ledger.Core.Records;

/// <summary>
/// Writes journal lines for the ingest path straight into a byte buffer: the same bytes as
/// <see cref="LedgerRecordJson.Write"/>, without a <see cref="Utf8JsonWriter"/> call per member.
/// </summary>
/// <remarks>
/// Member names are constants and nearly every value is plain printable ASCII (ids, names, timestamps, keywords,
/// tags, the hash), which JSON stores verbatim between quotes: one vectorized check and a copy. So is non-ASCII text
/// that the journal's encoder keeps as it is (<see cref="JsonVerbatim"/>). Any other string (an escape, a control
/// character, a supplementary-plane character) is handed to a <see cref="Utf8JsonWriter"/> with the journal's
/// options, so every escape is exactly the writer's. Through the writer, the ~25 members of a line cost a sixth of
/// the daemon's CPU. Tests hold both writers to the same bytes. One instance per thread.
/// </remarks>
internal sealed class JournalLineWriter : IDisposable
{
    /// <summary>Characters JSON keeps as they are: printable ASCII except the quote and the backslash.</summary>
    private static readonly SearchValues<char> s_plainChars = SearchValues.Create(PlainAscii());
    private static readonly SearchValues<byte> s_plainBytes = SearchValues.Create(Encoding.ASCII.GetBytes(PlainAscii()));

    /// <summary>The bytes this writer copies between quotes as they are (see <see cref="RecordFields.MessagePlain"/>).</summary>
    internal static SearchValues<byte> PlainBytes => s_plainBytes;

    private readonly Utf8JsonWriter _escaping = new(Stream.Null, LedgerRecordJson.WriterOptions);

    /// <summary>Sets of <see cref="_shared"/>, two entries each; a power of two.</summary>
    private const int SharedSets = 512;

    /// <summary>Longest JSON text <see cref="_shared"/> keeps, so it stays small (names, tags and tiers are far shorter).</summary>
    private const int MaxSharedJsonBytes = 256;

    /// <summary>
    /// The JSON text of values seen more than once, by the object itself: a value that is one shared object from
    /// record to record (a speaker name from <see cref="RecentStrings"/>, the source, chain type and tier, the
    /// shl_tags list from the tagger) is written as one copy instead of a check and a transcode per string. Entries
    /// are found by reference (the object header's hash), so a miss or a collision only costs the ordinary write, and
    /// a value is stored as text only when it comes back, so values unique to a message allocate nothing. Two
    /// entries a set, the most recent first: the object hash differs from run to run, and with one entry a slot two
    /// frequent values that shared one evicted each other in some runs (a bench run allocated 7 or 17 bytes a
    /// message depending on it; docs/PERFORMANCE.md, twenty-fifth session).
    /// </summary>
    private readonly SharedJson[] _shared = new SharedJson[SharedSets * 2];

    // The last Timestamp and ReceivedAt written, as milliseconds and as their text: under load hundreds of lines a
    // millisecond share them, and formatting a date costs a few divisions per field.
    private readonly CachedTimestamp _timestamp = new();
    private readonly CachedTimestamp _receivedAt = new();

    /// <summary>Writes <c>{"Id":"…"</c>: the part of a line before its Sequence (see <see cref="LedgerRecordJson.SequencePrefix"/>).</summary>
    public void WriteStartAndId(ByteBufferWriter output, LedgerRecord record) => WriteStartAndId(output, record.Id);

    /// <summary>Writes <c>{"Id":"…"</c> for the record with this <paramref name="id"/>.</summary>
    public void WriteStartAndId(ByteBufferWriter output, string id)
    {
        output.Write("{\"Id\":"u8);
        WriteString(output, id);
    }

    /// <summary>Writes <c>{"Id":"…"</c> for the record whose Id has this (valid) UTF-8: the same bytes as for the Id's string.</summary>
    public void WriteStartAndId(ByteBufferWriter output, ReadOnlySpan<byte> idUtf8)
    {
        output.Write("{\"Id\":"u8);
        WriteString(output, idUtf8);
    }

    /// <summary>Writes every member after Sequence, the message text taken from <paramref name="messageUtf8"/>, and closes the line's object.</summary>
    /// <param name="output">Where the line goes.</param>
    /// <param name="record">The record; its <see cref="LedgerRecord.Message"/> is not read.</param>
    /// <param name="messageUtf8">The message text, valid UTF-8.</param>
    /// <remarks>
    /// <see cref="RecordMetadata.ClientJson"/> must come from <see cref="ClientMetadataBuilder"/> (via the merger): a
    /// compact object written with the journal's options, whose members are spliced as they are.
    /// </remarks>
    public void WriteAfterSequence(ByteBufferWriter output, LedgerRecord record, ReadOnlySpan<byte> messageUtf8) =>
        WriteAfterSequence(output, RecordFields.Of(record), messageUtf8, MetadataFields.Of(record.Metadata));

    /// <summary>
    /// <see cref="WriteAfterSequence(ByteBufferWriter, LedgerRecord, ReadOnlySpan{byte})"/> from the ingest path's
    /// values: the record's fields, and its metadata enriched straight into <paramref name="metadata"/> (no
    /// <see cref="LedgerRecord"/> nor <see cref="RecordMetadata"/> is made per message).
    /// </summary>
    public void WriteAfterSequence(ByteBufferWriter output, in RecordFields record, ReadOnlySpan<byte> messageUtf8, in MetadataFields metadata)
    {
        output.Write(",\"Timestamp\":"u8);
        _timestamp.Write(output, record.Timestamp);
        output.Write(",\"ReceivedAt\":"u8);
        _receivedAt.Write(output, record.ReceivedAt);
        output.Write(",\"SpeakerName\":"u8);
        WriteShared(output, record.SpeakerName);
        output.Write(",\"SpeakerRole\":"u8);
        WriteShared(output, record.SpeakerRole);
        output.Write(",\"Receiver\":"u8);
        WriteShared(output, record.Receiver);
        output.Write(",\"MessageType\":"u8);
        WriteShared(output, record.MessageType);
        output.Write(",\"Message\":"u8);
        // Plain ASCII (the decoder's finding) or non-ASCII the encoder keeps as it is (the enricher's): no check here.
        if (record.MessagePlain || metadata.MessageVerbatim)
        {
            WriteQuoted(output, messageUtf8);
        }
        else
        {
            WriteString(output, messageUtf8);
        }
        output.Write(",\"ConversationType\":"u8);
        output.WriteNumber(record.ConversationType);
        output.Write(",\"ContextId\":"u8);
        WriteNullable(output, record.ContextId);
        output.Write(",\"CorrelationId\":"u8);
        WriteNullable(output, record.CorrelationId);
        output.Write(",\"CausationId\":"u8);
        WriteNullable(output, record.CausationId);
        output.Write(",\"Source\":"u8);
        WriteShared(output, record.Source);
        output.Write(",\"Topic\":"u8);
        WriteNullable(output, record.Topic);
        WriteMetadata(output, metadata);
        output.Write("}"u8);
    }

    private void WriteMetadata(ByteBufferWriter output, in MetadataFields metadata)
    {
        output.Write(",\"Metadata\":{\"chain_type\":"u8);
        WriteShared(output, metadata.ChainType);
        output.Write(",\"ace_tier\":"u8);
        WriteShared(output, metadata.AceTier);
        output.Write(",\"shl_tags\":"u8);
        WriteShared(output, metadata.ShlTags);
        output.Write(metadata.Consolidated ? ",\"consolidated\":true"u8 : ",\"consolidated\":false"u8);
        output.Write(",\"original_message_count\":"u8);
        output.WriteNumber(metadata.OriginalMessageCount);
        output.Write(",\"keywords\":"u8);
        WriteArray(output, metadata.Keywords);
        output.Write(",\"content_hash\":"u8);
        if (metadata.ContentMd5 is { } md5)
        {
            WriteHex(output, md5);
        }
        else
        {
            WriteString(output, metadata.ContentHash ?? "");
        }
        if (metadata.ClientJson is { Length: > 2 } client)
        {
            // Its members, without the braces: already in journal form.
            var members = client.AsSpan(1, client.Length - 2);
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(members.Length) + 1);
            span[0] = (byte)',';
            output.Advance(1 + Encoding.UTF8.GetBytes(members, span[1..]));
        }
        output.Write("}"u8);
    }

    private void WriteArray(ByteBufferWriter output, IReadOnlyList<string> values) =>
        // Another kind of list (a record built outside ingest) is copied once; ingest's lists are the first two.
        WriteArray(output, values switch { string[] array => array, FrozenStringList frozen => frozen.AsSpan(), _ => [.. values] });

    private void WriteArray(ByteBufferWriter output, ReadOnlySpan<string> values)
    {
        output.Write("["u8);
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }
            WriteString(output, values[i]);
        }
        output.Write("]"u8);
    }

    /// <summary>Writes a string (null as <c>null</c>) or a list of strings, from <see cref="_shared"/> when it holds this very object.</summary>
    /// <remarks>
    /// Only immutable objects may be remembered: strings and <see cref="FrozenStringList"/>s (the tagger's); any other
    /// list could change between two records and is written afresh.
    /// </remarks>
    private void WriteShared(ByteBufferWriter output, object? value)
    {
        if (value is null)
        {
            output.Write("null"u8);
            return;
        }
        // Exact type tests first (both types are sealed): a string, nearly every value here, then skips the interface
        // test, which walks the type's interface map (~1 % of the stage when it came first).
        if (value is not string and not FrozenStringList && value is IReadOnlyList<string> list)
        {
            WriteArray(output, list);
            return;
        }
        var set = (RuntimeHelpers.GetHashCode(value) & (SharedSets - 1)) * 2;
        var shared = _shared.AsSpan(set, 2);
        var way = ReferenceEquals(shared[0].Value, value) ? 0 : ReferenceEquals(shared[1].Value, value) ? 1 : -1;
        if (way == 1)
        {
            (shared[0], shared[1]) = (shared[1], shared[0]);
            way = 0;
        }
        if (way == 0 && shared[0].Json is { } remembered)
        {
            output.Write(remembered);
            return;
        }
        var start = output.WrittenCount;
        if (value is string text)
        {
            WriteString(output, text);
        }
        else
        {
            WriteArray(output, (FrozenStringList)value);
        }
        var json = output.WrittenSpan[start..];
        if (json.Length > MaxSharedJsonBytes)
        {
            return; // not worth an entry, and an entry would keep a large object alive
        }
        // Seen before in this set: now worth keeping as text. First sighting: only remembered, in front of the other.
        if (way == 0)
        {
            shared[0] = new SharedJson(value, json.ToArray());
        }
        else
        {
            shared[1] = shared[0];
            shared[0] = new SharedJson(value, null);
        }
    }

    private void WriteNullable(ByteBufferWriter output, string? value)
    {
        if (value is null)
        {
            output.Write("null"u8);
        }
        else
        {
            WriteString(output, value);
        }
    }

    private void WriteString(ByteBufferWriter output, string value)
    {
        if (value.AsSpan().ContainsAnyExcept(s_plainChars))
        {
            WriteNonAscii(output, value);
            return;
        }
        var span = output.GetSpan(value.Length + 2);
        span[0] = (byte)'"';
        Ascii.FromUtf16(value, span[1..], out var written);
        span[written + 1] = (byte)'"';
        output.Advance(written + 2);
    }

    private void WriteString(ByteBufferWriter output, ReadOnlySpan<byte> utf8)
    {
        if (utf8.ContainsAnyExcept(s_plainBytes))
        {
            WriteNonAscii(output, utf8);
            return;
        }
        WriteQuoted(output, utf8);
    }

    /// <summary>A string with something outside plain ASCII: as it is when the encoder would keep it, else through the encoder.</summary>
    /// <remarks>Out of line, so the plain-ASCII path that nearly every value takes stays small.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteNonAscii(ByteBufferWriter output, string value)
    {
        if (JsonVerbatim.IsVerbatim(value))
        {
            var quoted = output.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length) + 2);
            quoted[0] = (byte)'"';
            var length = Encoding.UTF8.GetBytes(value, quoted[1..]);
            quoted[length + 1] = (byte)'"';
            output.Advance(length + 2);
            return;
        }
        _escaping.Reset(output);
        _escaping.WriteStringValue(value);
        _escaping.Flush();
    }

    /// <inheritdoc cref="WriteNonAscii(ByteBufferWriter, string)"/>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteNonAscii(ByteBufferWriter output, ReadOnlySpan<byte> utf8)
    {
        if (JsonVerbatim.IsVerbatim(utf8, s_plainBytes))
        {
            WriteQuoted(output, utf8);
            return;
        }
        _escaping.Reset(output);
        _escaping.WriteStringValue(utf8);
        _escaping.Flush();
    }

    /// <summary>Writes text known to need no escape (printable ASCII other than the quote and the backslash) between quotes.</summary>
    private static void WriteQuoted(ByteBufferWriter output, ReadOnlySpan<byte> plainUtf8)
    {
        var span = output.GetSpan(plainUtf8.Length + 2);
        span[0] = (byte)'"';
        plainUtf8.CopyTo(span[1..]);
        span[plainUtf8.Length + 1] = (byte)'"';
        output.Advance(plainUtf8.Length + 2);
    }


    /// <summary>A digest as quoted lower-case hex, the same text as <see cref="RecordMetadata.ContentHash"/>.</summary>
    private static void WriteHex(ByteBufferWriter output, UInt128 digest)
    {
        var span = output.GetSpan(2 * 16 + 2);
        span[0] = (byte)'"';
        Convert.TryToHexStringLower(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<UInt128>(in digest)), span[1..], out var written);
        span[written + 1] = (byte)'"';
        output.Advance(written + 2);
    }

    private static string PlainAscii()
    {
        var chars = new StringBuilder();
        for (var c = ' '; c < '\u007F'; c++)
        {
            if (c is not ('"' or '\\'))
            {
                chars.Append(c);
            }
        }
        return chars.ToString();
    }

    public void Dispose() => _escaping.Dispose();

    /// <summary>A value and, once it was seen twice, its JSON text.</summary>
    private readonly record struct SharedJson(object? Value, byte[]? Json);

    /// <summary>One timestamp field's last value, quoted, reused while the millisecond stays the same.</summary>
    private sealed class CachedTimestamp
    {
        private readonly byte[] _quoted = new byte[IsoTimestampUtf8.Length + 2];
        private long _millisecond = -1;

        public void Write(ByteBufferWriter output, DateTime utc)
        {
            // The text has millisecond precision (sub-millisecond ticks are dropped), so equal milliseconds, equal text.
            var millisecond = utc.Ticks / TimeSpan.TicksPerMillisecond;
            if (millisecond != _millisecond)
            {
                _quoted[0] = (byte)'"';
                IsoTimestampUtf8.Format(utc, _quoted.AsSpan(1));
                _quoted[^1] = (byte)'"';
                _millisecond = millisecond;
            }
            output.Write(_quoted);
        }
    }
}
