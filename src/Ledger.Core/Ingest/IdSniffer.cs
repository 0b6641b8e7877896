using System.Text.Json;

namespace Ledger.Core.Ingest;

/// <summary>Best-effort lookup of a rejected frame's Id, so an acked client can match the "rejected" reply.</summary>
/// <remarks>Reads top-level properties only until it finds <c>Id</c>/<c>id</c>/<c>event_id</c>; any parse error ends the search.</remarks>
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
                var isId = reader.ValueTextEquals("Id"u8) || reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("ID"u8) || reader.ValueTextEquals("event_id"u8);
                if (!reader.Read())
                {
                    return null;
                }
                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
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
}
