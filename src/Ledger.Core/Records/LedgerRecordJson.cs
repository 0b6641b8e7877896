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
        writer.WriteStartObject();
        writer.WriteString(Names.Id, record.Id);
        writer.WriteNumber(Names.Sequence, record.Sequence);
        WriteTimestamp(writer, Names.Timestamp, record.Timestamp);
        WriteTimestamp(writer, Names.ReceivedAt, record.ReceivedAt);
        writer.WriteString(Names.SpeakerName, record.SpeakerName);
        WriteNullable(writer, Names.SpeakerRole, record.SpeakerRole);
        WriteNullable(writer, Names.Receiver, record.Receiver);
        WriteNullable(writer, Names.MessageType, record.MessageType);
        writer.WriteString(Names.Message, record.Message);
        writer.WriteNumber(Names.ConversationType, record.ConversationType);
        WriteNullable(writer, Names.ContextId, record.ContextId);
        WriteNullable(writer, Names.CorrelationId, record.CorrelationId);
        WriteNullable(writer, Names.CausationId, record.CausationId);
        writer.WriteString(Names.Source, record.Source);
        WriteNullable(writer, Names.Topic, record.Topic);
        writer.WritePropertyName(Names.Metadata);
        WriteMetadata(writer, record.Metadata);
        writer.WriteEndObject();
    }

    /// <summary>The UTF-8 bytes that precede a Sequence number in a journal line: <c>,"Sequence":</c>.</summary>
    /// <remarks>
    /// The ingest path (<see cref="JournalLineWriter"/>) serializes a record in parallel before its Sequence is known
    /// and splices these bytes + the number in between when it commits the record in order.
    /// </remarks>
    internal static ReadOnlySpan<byte> SequencePrefix => ",\"Sequence\":"u8;

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

    private static void WriteMetadata(Utf8JsonWriter writer, RecordMetadata metadata)
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
        if (metadata.ClientJson is { Length: > 2 } client)
        {
            // ClientJson is a compact object from our own writer: splice each member's raw value, no DOM.
            WriteClientMembers(writer, client);
        }
        writer.WriteEndObject();
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
