using System.Text.Json;

namespace Ledger.Core.Records;

/// <summary>Re-emits the JSON value under a reader token by token, without whitespace.</summary>
/// <remarks>
/// Client metadata is spliced into journal lines verbatim, so it must never carry a raw newline from the client's
/// pretty-printing; copying tokens also normalises escapes. No DOM is built.
/// </remarks>
internal static class JsonCompactCopier
{
    /// <summary>Copies the value starting at the current token; leaves the reader on the value's last token.</summary>
    /// <exception cref="InvalidOperationException">A string holds a lone-surrogate escape.</exception>
    public static void CopyValue(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            CopyToken(ref reader, writer);
            return;
        }
        var depth = reader.CurrentDepth;
        CopyToken(ref reader, writer);
        while (reader.Read())
        {
            CopyToken(ref reader, writer);
            if (reader.CurrentDepth == depth)
            {
                return;
            }
        }
    }

    /// <summary>Writes the property name under the reader, unescaped then re-escaped by the writer's encoder.</summary>
    public static void CopyPropertyName(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        if (reader.ValueIsEscaped)
        {
            writer.WritePropertyName(reader.GetString()!);
        }
        else
        {
            writer.WritePropertyName(reader.ValueSpan);
        }
    }

    private static void CopyToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: writer.WriteStartObject(); break;
            case JsonTokenType.EndObject: writer.WriteEndObject(); break;
            case JsonTokenType.StartArray: writer.WriteStartArray(); break;
            case JsonTokenType.EndArray: writer.WriteEndArray(); break;
            case JsonTokenType.PropertyName: CopyPropertyName(ref reader, writer); break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    writer.WriteStringValue(reader.GetString());
                }
                else
                {
                    writer.WriteStringValue(reader.ValueSpan);
                }
                break;
            // The number's text is kept exactly (no double round trip that would turn 1.10 into 1.1).
            case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
            case JsonTokenType.True: writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: writer.WriteNullValue(); break;
            default: throw new InvalidOperationException("unexpected JSON token " + reader.TokenType);
        }
    }
}
