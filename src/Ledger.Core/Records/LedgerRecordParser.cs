using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Ledger.Core.Records;

/// <summary>Reads a journal line (our own output format) back into a <see cref="LedgerRecord"/>.</summary>
/// <remarks>Strict about the shape it wrote; unknown top-level properties are skipped for forward compatibility.</remarks>
internal static class LedgerRecordParser
{
    public static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out LedgerRecord? record, out string? error)
    {
        record = null;
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
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "Id": id = reader.GetString(); break;
                    case "Sequence": sequence = reader.GetInt64(); break;
                    case "Timestamp": timestamp = ParseTimestamp(reader.GetString()); break;
                    case "ReceivedAt": receivedAt = ParseTimestamp(reader.GetString()); break;
                    case "SpeakerName": speaker = reader.GetString(); break;
                    case "SpeakerRole": role = reader.GetString(); break;
                    case "Receiver": receiver = reader.GetString(); break;
                    case "MessageType": type = reader.GetString(); break;
                    case "Message": message = reader.GetString(); break;
                    case "ConversationType": conversationType = reader.GetInt32(); break;
                    case "ContextId": context = reader.GetString(); break;
                    case "CorrelationId": correlation = reader.GetString(); break;
                    case "CausationId": causation = reader.GetString(); break;
                    case "Source": source = reader.GetString(); break;
                    case "Topic": topic = reader.GetString(); break;
                    case "Metadata": metadata = ReadMetadata(ref reader, line); break;
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
            return false;
        }
    }

    private static DateTime? ParseTimestamp(string? text) =>
        text is null ? null : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

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
        ArrayBufferWriter<byte>? client = null;
        Utf8JsonWriter? clientWriter = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "chain_type": chain = reader.GetString() ?? "other"; break;
                case "ace_tier": tier = reader.GetString() ?? "E"; break;
                case "shl_tags": tags = ReadStrings(ref reader); break;
                case "consolidated": consolidated = reader.GetBoolean(); break;
                case "original_message_count": count = reader.GetInt32(); break;
                case "keywords": keywords = ReadStrings(ref reader); break;
                case "content_hash": hash = reader.GetString() ?? ""; break;
                default:
                    if (clientWriter is null)
                    {
                        client = new ArrayBufferWriter<byte>(128);
                        clientWriter = new Utf8JsonWriter(client, LedgerRecordJson.WriterOptions);
                        clientWriter.WriteStartObject();
                    }
                    clientWriter.WritePropertyName(name);
                    // Copy the value's bytes as they are (already valid JSON from our own writer): no DOM per record.
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    clientWriter.WriteRawValue(line[start..(int)reader.BytesConsumed], skipInputValidation: true);
                    break;
            }
        }
        string? clientJson = null;
        if (clientWriter is not null)
        {
            clientWriter.WriteEndObject();
            clientWriter.Flush();
            clientJson = System.Text.Encoding.UTF8.GetString(client!.WrittenSpan);
            clientWriter.Dispose();
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
