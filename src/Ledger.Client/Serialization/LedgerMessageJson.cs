using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ledger.Client.Serialization;

/// <summary>Writes a <see cref="LedgerMessage"/> as the seed JSON object the daemon accepts on PULL and ROUTER.</summary>
internal static class LedgerMessageJson
{
    private const int MaxDepth = 64;

    // Relaxed escaping keeps non-ASCII text readable in the journal; the daemon re-serializes anyway.
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = MaxDepth + 1 };

    public static byte[] Serialize(LedgerMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.Id, nameof(message.Id));
        // The daemon rejects these; failing here names the problem at the call site instead of in a dead letter.
        ArgumentException.ThrowIfNullOrEmpty(message.SpeakerName, nameof(message.SpeakerName));
        ArgumentException.ThrowIfNullOrEmpty(message.Message, nameof(message.Message));
        var buffer = new ArrayBufferWriter<byte>(256 + (message.Message?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("Id", message.Id);
            writer.WriteString("Timestamp", message.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("SpeakerName", message.SpeakerName);
            writer.WriteString("SpeakerRole", message.SpeakerRole);
            writer.WriteString("Message", message.Message);
            writer.WriteNumber("ConversationType", message.ConversationType);
            WriteOptional(writer, "Receiver", message.Receiver);
            WriteOptional(writer, "MessageType", message.MessageType);
            WriteOptional(writer, "ContextId", message.ContextId);
            WriteOptional(writer, "CorrelationId", message.CorrelationId);
            WriteOptional(writer, "CausationId", message.CausationId);
            if (message.Metadata is not null)
            {
                writer.WritePropertyName("Metadata");
                WriteValue(writer, message.Metadata, 1);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
    {
        // depth counts from Metadata (1); the JSON document's root object adds one more level.
        if (depth + 1 > MaxDepth)
        {
            // The daemon rejects nesting deeper than 64; fail here, with the caller, rather than in the dead letter.
            throw new ArgumentException($"Metadata is nested deeper than {MaxDepth} levels");
        }
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case float or double:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(real))
                {
                    writer.WriteNumberValue(real);
                }
                else
                {
                    writer.WriteNullValue(); // JSON has no NaN or infinity
                }
                break;
            case decimal money:
                writer.WriteNumberValue(money);
                break;
            case DateTime time:
                writer.WriteStringValue(time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                break;
            case Guid guid:
                writer.WriteStringValue(guid);
                break;
            case Enum choice:
                writer.WriteStringValue(choice.ToString());
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case IReadOnlyDictionary<string, object?> map:
                WriteObject(writer, map, depth);
                break;
            case IDictionary<string, object?> map:
                WriteObject(writer, map, depth);
                break;
            case IDictionary<string, string> map:
                WriteObject(writer, map.Select(p => KeyValuePair.Create(p.Key, (object?)p.Value)), depth);
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, depth + 1);
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Metadata value of type {value.GetType()} is not JSON-shaped (use strings, numbers, booleans, dictionaries, lists or JsonElement)");
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> map, int depth)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in map)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, item, depth + 1);
        }
        writer.WriteEndObject();
    }
}
