using System.Text.Json;

namespace Ledger.Client.Serialization;

/// <summary>Reads the daemon's ack: <c>{"Id","Sequence","Status":"stored"|"duplicate"|"rejected","Error"}</c>.</summary>
internal static class AckJson
{
    /// <summary>The fields of one ack; <paramref name="Status"/> is the raw string.</summary>
    public readonly record struct Parsed(string? Id, long Sequence, string? Status, string? Error);

    /// <summary>Parses an ack; false for anything that is not a JSON object (ignored by the client, never fatal).</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out Parsed ack)
    {
        ack = default;
        string? id = null, status = null, error = null;
        long sequence = 0;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "Id" when reader.TokenType == JsonTokenType.String:
                        id = reader.GetString();
                        break;
                    case "Sequence" when reader.TokenType == JsonTokenType.Number:
                        sequence = reader.GetInt64();
                        break;
                    case "Status" when reader.TokenType == JsonTokenType.String:
                        status = reader.GetString();
                        break;
                    case "Error" when reader.TokenType == JsonTokenType.String:
                        error = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }
        ack = new Parsed(id, sequence, status, error);
        return true;
    }
}
