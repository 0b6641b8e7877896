using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ledger.Core.Records;

/// <summary>Writes and reads the journal line format of DESIGN.md §5 (PascalCase, one object per line).</summary>
public static class LedgerRecordJson
{
    /// <summary>Writer options shared by every record writer: compact, and non-ASCII text kept readable.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    /// <summary>The on-disk timestamp format: UTC, milliseconds, <c>Z</c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Formats a UTC instant the way every Ledger file stores it.</summary>
    public static string FormatTimestamp(DateTime utc)
    {
        Span<byte> utf8 = stackalloc byte[IsoTimestampUtf8.Length];
        IsoTimestampUtf8.Format(utc, utf8);
        return System.Text.Encoding.ASCII.GetString(utf8);
    }

    /// <summary>Writes one record as a JSON object (no newline) to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, LedgerRecord record)
    {
        WriteStartAndId(writer, record);
        writer.WriteNumber(Names.Sequence, record.Sequence);
        WriteAfterSequence(writer, record);
    }

    /// <summary>The UTF-8 bytes that precede a Sequence number in a journal line: <c>,"Sequence":</c>.</summary>
    internal static ReadOnlySpan<byte> SequencePrefix => ",\"Sequence\":"u8;

    /// <summary>Writes <c>{"Id":"…"</c>: the part of a line before its Sequence.</summary>
    /// <remarks>
    /// Split from the rest so the ingest path can serialize a record in parallel before its Sequence is known and
    /// splice <see cref="SequencePrefix"/> + the number in between when it commits the record in order.
    /// </remarks>
    internal static void WriteStartAndId(Utf8JsonWriter writer, LedgerRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString(Names.Id, record.Id);
    }

    /// <summary>Writes every member after Sequence and closes the object.</summary>
    internal static void WriteAfterSequence(Utf8JsonWriter writer, LedgerRecord record)
    {
        WriteBeforeMessage(writer, record);
        writer.WriteString(Names.Message, record.Message);
        WriteAfterMessage(writer, record);
    }

    /// <summary>
    /// The ingest path's <see cref="WriteAfterSequence(Utf8JsonWriter, LedgerRecord)"/>: the message text comes from
    /// <paramref name="messageUtf8"/> (valid UTF-8) instead of <see cref="LedgerRecord.Message"/>, and the client's
    /// metadata members and the closing braces go straight to <paramref name="output"/>, the writer's own buffer.
    /// </summary>
    /// <remarks>
    /// The line is byte-for-byte what the other overload writes (tests hold it to that): the writer escapes UTF-8 and
    /// UTF-16 input with the same encoder, and <see cref="RecordMetadata.ClientJson"/> on this path was written by
    /// <see cref="ClientMetadataBuilder"/> with these writer options, so its members are already in their journal
    /// form and re-parsing them per message (to hand them to the writer one by one) changed nothing. The writer is
    /// left inside the unclosed object and must be reset before it writes again.
    /// </remarks>
    internal static void WriteAfterSequence(Utf8JsonWriter writer, IBufferWriter<byte> output, LedgerRecord record, ReadOnlySpan<byte> messageUtf8)
    {
        WriteBeforeMessage(writer, record);
        writer.WriteString(Names.Message, messageUtf8);
        WriteAfterMessageBeforeMetadata(writer, record);
        WriteEnrichmentKeys(writer, record.Metadata);
        writer.Flush();
        var client = record.Metadata.ClientJson is { Length: > 2 } json ? json.AsSpan(1, json.Length - 2) : default;
        var span = output.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(client.Length) + 3);
        var length = 0;
        if (!client.IsEmpty)
        {
            span[length++] = (byte)',';
            length += System.Text.Encoding.UTF8.GetBytes(client, span[length..]);
        }
        span[length++] = (byte)'}';
        span[length++] = (byte)'}';
        output.Advance(length);
    }

    private static void WriteBeforeMessage(Utf8JsonWriter writer, LedgerRecord record)
    {
        WriteTimestamp(writer, Names.Timestamp, record.Timestamp);
        WriteTimestamp(writer, Names.ReceivedAt, record.ReceivedAt);
        writer.WriteString(Names.SpeakerName, record.SpeakerName);
        WriteNullable(writer, Names.SpeakerRole, record.SpeakerRole);
        WriteNullable(writer, Names.Receiver, record.Receiver);
        WriteNullable(writer, Names.MessageType, record.MessageType);
    }

    private static void WriteAfterMessage(Utf8JsonWriter writer, LedgerRecord record)
    {
        WriteAfterMessageBeforeMetadata(writer, record);
        WriteEnrichmentKeys(writer, record.Metadata);
        if (record.Metadata.ClientJson is { Length: > 2 } client)
        {
            // ClientJson is a compact object from our own writer: splice each member's raw value, no DOM.
            WriteClientMembers(writer, client);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteAfterMessageBeforeMetadata(Utf8JsonWriter writer, LedgerRecord record)
    {
        writer.WriteNumber(Names.ConversationType, record.ConversationType);
        WriteNullable(writer, Names.ContextId, record.ContextId);
        WriteNullable(writer, Names.CorrelationId, record.CorrelationId);
        WriteNullable(writer, Names.CausationId, record.CausationId);
        writer.WriteString(Names.Source, record.Source);
        WriteNullable(writer, Names.Topic, record.Topic);
        writer.WritePropertyName(Names.Metadata);
    }

    /// <summary>Serializes one record to a string (tests, tools; not the hot path).</summary>
    public static string ToJson(LedgerRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, record);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Opens the Metadata object and writes the enricher's keys; the client's members come after them.</summary>
    private static void WriteEnrichmentKeys(Utf8JsonWriter writer, RecordMetadata metadata)
    {
        writer.WriteStartObject();
        writer.WriteString(Names.ChainType, metadata.ChainType);
        writer.WriteString(Names.AceTier, metadata.AceTier);
        writer.WriteStartArray(Names.ShlTags);
        foreach (var tag in metadata.ShlTags)
        {
            writer.WriteStringValue(tag);
        }
        writer.WriteEndArray();
        writer.WriteBoolean(Names.Consolidated, metadata.Consolidated);
        writer.WriteNumber(Names.OriginalMessageCount, metadata.OriginalMessageCount);
        writer.WriteStartArray(Names.Keywords);
        foreach (var keyword in metadata.Keywords)
        {
            writer.WriteStringValue(keyword);
        }
        writer.WriteEndArray();
        writer.WriteString(Names.ContentHash, metadata.ContentHash);
    }

    private static void WriteClientMembers(Utf8JsonWriter writer, string clientJson)
    {
        var rented = ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(clientJson.Length));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(clientJson, rented);
            var bytes = rented.AsSpan(0, length);
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped)
                {
                    writer.WritePropertyName(reader.GetString()!);
                }
                else
                {
                    writer.WritePropertyName(reader.ValueSpan);
                }
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                var valueEnd = (int)reader.BytesConsumed;
                writer.WriteRawValue(bytes[valueStart..valueEnd], skipInputValidation: true);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTime utc)
    {
        Span<byte> utf8 = stackalloc byte[IsoTimestampUtf8.Length];
        IsoTimestampUtf8.Format(utc, utf8);
        writer.WriteString(name, utf8);
    }

    private static void WriteNullable(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Parses one journal line; false with a reason when it is not a valid record.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LedgerRecord? record, out string? error)
        => LedgerRecordParser.TryParse(line, out record, out error);

    internal static class Names
    {
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("Id");
        public static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("Sequence");
        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("Timestamp");
        public static readonly JsonEncodedText ReceivedAt = JsonEncodedText.Encode("ReceivedAt");
        public static readonly JsonEncodedText SpeakerName = JsonEncodedText.Encode("SpeakerName");
        public static readonly JsonEncodedText SpeakerRole = JsonEncodedText.Encode("SpeakerRole");
        public static readonly JsonEncodedText Receiver = JsonEncodedText.Encode("Receiver");
        public static readonly JsonEncodedText MessageType = JsonEncodedText.Encode("MessageType");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("Message");
        public static readonly JsonEncodedText ConversationType = JsonEncodedText.Encode("ConversationType");
        public static readonly JsonEncodedText ContextId = JsonEncodedText.Encode("ContextId");
        public static readonly JsonEncodedText CorrelationId = JsonEncodedText.Encode("CorrelationId");
        public static readonly JsonEncodedText CausationId = JsonEncodedText.Encode("CausationId");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("Source");
        public static readonly JsonEncodedText Topic = JsonEncodedText.Encode("Topic");
        public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("Metadata");
        public static readonly JsonEncodedText ChainType = JsonEncodedText.Encode("chain_type");
        public static readonly JsonEncodedText AceTier = JsonEncodedText.Encode("ace_tier");
        public static readonly JsonEncodedText ShlTags = JsonEncodedText.Encode("shl_tags");
        public static readonly JsonEncodedText Consolidated = JsonEncodedText.Encode("consolidated");
        public static readonly JsonEncodedText OriginalMessageCount = JsonEncodedText.Encode("original_message_count");
        public static readonly JsonEncodedText Keywords = JsonEncodedText.Encode("keywords");
        public static readonly JsonEncodedText ContentHash = JsonEncodedText.Encode("content_hash");
    }
}
