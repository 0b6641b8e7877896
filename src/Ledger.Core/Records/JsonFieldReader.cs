using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Ledger.Core.Records;

/// <summary>Reads one typed field value and words the rejection when the client sent something else.</summary>
internal static class JsonFieldReader
{
    /// <summary>The JSON type name a client would recognise: object, array, string, number, boolean, null.</summary>
    public static string TypeName(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    /// <summary>Reads a string or null; anything else is a wrong-type rejection.</summary>
    public static bool TryReadString(ref Utf8JsonReader reader, string field, out string? value, [NotNullWhen(false)] out string? reason)
    {
        value = null;
        reason = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                return TryGetString(ref reader, field, out value, out reason);
            default:
                reason = WrongType(field, "a string", reader.TokenType);
                return false;
        }
    }

    /// <summary>Reads an id: a string, or a number kept as its JSON text (<c>42</c> becomes <c>"42"</c>).</summary>
    public static bool TryReadId(ref Utf8JsonReader reader, string field, out string? value, [NotNullWhen(false)] out string? reason)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            value = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            reason = null;
            return true;
        }
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Null)
        {
            return TryReadString(ref reader, field, out value, out reason);
        }
        value = null;
        reason = WrongType(field, "a string or number", reader.TokenType);
        return false;
    }

    /// <summary>Reads a 32-bit integer or null (null reads as 0).</summary>
    public static bool TryReadInt32(ref Utf8JsonReader reader, string field, out int value, [NotNullWhen(false)] out string? reason)
    {
        value = 0;
        reason = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType != JsonTokenType.Number)
        {
            reason = WrongType(field, "an integer", reader.TokenType);
            return false;
        }
        if (!reader.TryGetInt32(out value))
        {
            reason = string.Create(CultureInfo.InvariantCulture,
                $"{field} must be an integer, got {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}");
            return false;
        }
        return true;
    }

    /// <summary>Unescapes the current string token; a lone-surrogate escape becomes a rejection, not an exception.</summary>
    public static bool TryGetString(ref Utf8JsonReader reader, string field, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? reason)
    {
        try
        {
            value = reader.GetString()!;
            reason = null;
            return true;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape "\ud800" alone: the text has no valid UTF-16 or UTF-8 form.
            value = null;
            reason = field + " contains an invalid \\u escape (lone surrogate)";
            return false;
        }
    }

    public static string WrongType(string field, string expected, JsonTokenType actual) =>
        $"{field} must be {expected}, got {TypeName(actual)}";
}
