using System.Text.Json;

namespace Ledger.Core.Ingest;

/// <summary>Best-effort lookup of a rejected frame's Id, so an acked client can match the "rejected" reply.</summary>
/// <remarks>
/// Reads top-level properties until it finds the Id under any spelling the decoder accepts (case-insensitive,
/// underscores ignored: Id, ID, id, event_id, eventId); a numeric Id is returned as its text, as the decoder does.
/// Any parse error ends the search.
/// </remarks>
public static class IdSniffer
{
    public static string? TryFind(ReadOnlySpan<byte> frame)
    {
        try
        {
            var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = IsIdName(reader.GetString()!);
                if (!reader.Read())
                {
                    return null;
                }
                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }
                if (isId && reader.TokenType == JsonTokenType.Number)
                {
                    return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        return null;
    }

    private static bool IsIdName(string name)
    {
        var normalized = name.Replace("_", "", StringComparison.Ordinal);
        return normalized.Equals("id", StringComparison.OrdinalIgnoreCase) || normalized.Equals("eventid", StringComparison.OrdinalIgnoreCase);
    }
}
