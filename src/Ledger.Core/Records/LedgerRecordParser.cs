using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Ledger.Core.Ingest;

namespace Ledger.Core.Records;

/// <summary>Reads a journal line (our own output format) back into a <see cref="LedgerRecord"/>.</summary>
/// <remarks>Strict about the shape it wrote; unknown top-level properties are skipped for forward compatibility.</remarks>
internal static class LedgerRecordParser
{
    // One client-metadata writer per thread, reset per record: a new writer and buffer per line cost more than the
    // rest of the metadata. Thread-static because export and tools parse on several threads.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_clientBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_clientWriter;

    public static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out LedgerRecord? record, out string? error)
        => TryParse(line, null, out record, out error);

    /// <summary>
    /// Like <see cref="TryParse(ReadOnlySpan{byte}, out LedgerRecord?, out string?)"/>, but when
    /// <paramref name="messageUtf8"/> is given the Message is appended there as UTF-8 (unescaped) and the record's
    /// <see cref="LedgerRecord.Message"/> is left empty.
    /// </summary>
    /// <remarks>
    /// For export, which stores the message as UTF-8 again: the text is most of a line, and turning it into a string
    /// and back cost about 6 % of an export's CPU and half of the bytes it allocated per record. A line is accepted or refused exactly as without
    /// the buffer (invalid UTF-8 or a lone-surrogate escape still fails the line); on failure the buffer is restored.
    /// </remarks>
    public static bool TryParse(ReadOnlySpan<byte> line, ByteBufferWriter? messageUtf8, [NotNullWhen(true)] out LedgerRecord? record, out string? error)
    {
        record = null;
        var messageStart = messageUtf8?.WrittenCount ?? 0;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 128 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "line is not a JSON object";
                return false;
            }
            string? id = null, speaker = null, role = null, receiver = null, type = null, message = null;
            string? context = null, correlation = null, causation = null, source = null, topic = null;
            DateTime? timestamp = null, receivedAt = null;
            long sequence = 0;
            int conversationType = 0;
            var metadata = RecordMetadata.Empty;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Name(ref reader);
                reader.Read();
                // Byte-wise name matching: GetString on every name cost a string per property (~25 a line).
                switch (name.Length)
                {
                    case 2 when name.SequenceEqual("Id"u8): id = reader.GetString(); break;
                    case 5 when name.SequenceEqual("Topic"u8): topic = reader.GetString(); break;
                    case 6 when name.SequenceEqual("Source"u8): source = reader.GetString(); break;
                    case 7 when name.SequenceEqual("Message"u8):
                        if (messageUtf8 is null)
                        {
                            message = reader.GetString();
                        }
                        else
                        {
                            message = CopyMessage(ref reader, messageUtf8, messageStart);
                        }
                        break;
                    case 8 when name.SequenceEqual("Sequence"u8): sequence = reader.GetInt64(); break;
                    case 8 when name.SequenceEqual("Receiver"u8): receiver = reader.GetString(); break;
                    case 8 when name.SequenceEqual("Metadata"u8): metadata = ReadMetadata(ref reader, line); break;
                    case 9 when name.SequenceEqual("Timestamp"u8): timestamp = ReadTimestamp(ref reader); break;
                    case 9 when name.SequenceEqual("ContextId"u8): context = reader.GetString(); break;
                    case 10 when name.SequenceEqual("ReceivedAt"u8): receivedAt = ReadTimestamp(ref reader); break;
                    case 11 when name.SequenceEqual("SpeakerName"u8): speaker = reader.GetString(); break;
                    case 11 when name.SequenceEqual("SpeakerRole"u8): role = reader.GetString(); break;
                    case 11 when name.SequenceEqual("MessageType"u8): type = reader.GetString(); break;
                    case 11 when name.SequenceEqual("CausationId"u8): causation = reader.GetString(); break;
                    case 13 when name.SequenceEqual("CorrelationId"u8): correlation = reader.GetString(); break;
                    case 16 when name.SequenceEqual("ConversationType"u8): conversationType = reader.GetInt32(); break;
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject)
            {
                error = "unexpected token " + reader.TokenType;
                return false;
            }
            if (id is null || speaker is null || message is null || timestamp is null || receivedAt is null || source is null)
            {
                error = "missing a required field (Id, Timestamp, ReceivedAt, SpeakerName, Message, Source)";
                messageUtf8?.Truncate(messageStart);
                return false;
            }
            record = new LedgerRecord
            {
                Id = id,
                Sequence = sequence,
                Timestamp = timestamp.Value,
                ReceivedAt = receivedAt.Value,
                SpeakerName = speaker,
                SpeakerRole = role,
                Receiver = receiver,
                MessageType = type,
                Message = message,
                ConversationType = conversationType,
                ContextId = context,
                CorrelationId = correlation,
                CausationId = causation,
                Source = source,
                Topic = topic,
                Metadata = metadata,
            };
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            error = ex.Message;
            messageUtf8?.Truncate(messageStart);
            return false;
        }
    }

    /// <summary>Appends the Message string's UTF-8 to <paramref name="output"/> (replacing an earlier Message of the same line); null for JSON null.</summary>
    /// <exception cref="InvalidOperationException">Not a string, or not valid text: what <see cref="Utf8JsonReader.GetString"/> throws on the same input.</exception>
    private static string? CopyMessage(ref Utf8JsonReader reader, ByteBufferWriter output, int start)
    {
        output.Truncate(start); // the last duplicate wins, as with GetString
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new InvalidOperationException($"Message is a JSON {reader.TokenType}, not a string");
        }
        int length;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            output.Write(reader.ValueSpan);
            length = reader.ValueSpan.Length;
        }
        else
        {
            // Unescaping never lengthens UTF-8; CopyString throws on an escaped lone surrogate, like GetString.
            var maxLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            length = reader.CopyString(output.GetSpan(maxLength));
            output.Advance(length);
        }
        if (!System.Text.Unicode.Utf8.IsValid(output.WrittenSpan.Slice(start, length)))
        {
            throw new InvalidOperationException("Message is not valid UTF-8");
        }
        return string.Empty;
    }

    /// <summary>The property name's bytes; our writer never escapes names, anyone else's escapes are undone.</summary>
    private static ReadOnlySpan<byte> Name(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>Our own <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> by hand (DateTime.Parse was ~0.3 µs each); any other form through DateTime.Parse.</summary>
    private static DateTime? ReadTimestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && IsJournalLayout(reader.ValueSpan) && IsoTimestampUtf8.TryParse(reader.ValueSpan, out var utc))
        {
            return utc;
        }
        var text = reader.GetString();
        return text is null ? null : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Exactly <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>: three fraction digits, so the fast parser loses no precision.</summary>
    private static bool IsJournalLayout(ReadOnlySpan<byte> utf8) =>
        utf8.Length == IsoTimestampUtf8.Length && utf8[19] == '.' && utf8[23] == 'Z';

    private static RecordMetadata ReadMetadata(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return RecordMetadata.Empty;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Metadata is not an object");
        }
        string chain = "other", tier = "E", hash = "";
        IReadOnlyList<string> tags = [], keywords = [];
        bool consolidated = false;
        int count = 1;
        Utf8JsonWriter? clientWriter = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader);
            reader.Read();
            if (name.SequenceEqual("chain_type"u8)) { chain = reader.GetString() ?? "other"; }
            else if (name.SequenceEqual("ace_tier"u8)) { tier = reader.GetString() ?? "E"; }
            else if (name.SequenceEqual("shl_tags"u8)) { tags = ReadStrings(ref reader); }
            else if (name.SequenceEqual("consolidated"u8)) { consolidated = reader.GetBoolean(); }
            else if (name.SequenceEqual("original_message_count"u8)) { count = reader.GetInt32(); }
            else if (name.SequenceEqual("keywords"u8)) { keywords = ReadStrings(ref reader); }
            else if (name.SequenceEqual("content_hash"u8)) { hash = reader.GetString() ?? ""; }
            else
            {
                if (clientWriter is null)
                {
                    clientWriter = ClientWriter();
                    clientWriter.WriteStartObject();
                }
                clientWriter.WritePropertyName(name);
                // Copy the value's bytes as they are (already valid JSON from our own writer): no DOM per record.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                clientWriter.WriteRawValue(line[start..(int)reader.BytesConsumed], skipInputValidation: true);
            }
        }
        string? clientJson = null;
        if (clientWriter is not null)
        {
            clientWriter.WriteEndObject();
            clientWriter.Flush();
            clientJson = System.Text.Encoding.UTF8.GetString(t_clientBuffer!.WrittenSpan);
        }
        return new RecordMetadata
        {
            ChainType = chain,
            AceTier = tier,
            ShlTags = tags,
            Consolidated = consolidated,
            OriginalMessageCount = count,
            Keywords = keywords,
            ContentHash = hash,
            ClientJson = clientJson,
        };
    }

    private static Utf8JsonWriter ClientWriter()
    {
        if (t_clientWriter is null)
        {
            t_clientBuffer = new ArrayBufferWriter<byte>(256);
            t_clientWriter = new Utf8JsonWriter(t_clientBuffer, LedgerRecordJson.WriterOptions);
        }
        t_clientBuffer!.ResetWrittenCount();
        t_clientWriter.Reset(t_clientBuffer);
        return t_clientWriter;
    }

    private static IReadOnlyList<string> ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of strings");
        }
        var list = new List<string>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetString() ?? "");
        }
        return list;
    }
}
