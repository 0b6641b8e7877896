using System.Text.Json;
using Ledger.Core.Ingest;

namespace Ledger.Core.Tests.Support;

/// <summary>One ack of an <see cref="AckFrames"/>, its payload parsed as a client would.</summary>
internal sealed record ParsedAck(string RoutingHex, bool ReplyWithDelimiter, string? Id, long? Sequence, string Status, string? Error)
{
    public static List<ParsedAck> All(AckFrames acks)
    {
        var all = new List<ParsedAck>();
        for (var i = 0; i < acks.Count; i++)
        {
            using var json = JsonDocument.Parse(acks.Payload(i).ToArray());
            var root = json.RootElement;
            Assert.Equal(["Id", "Sequence", "Status", "Error"], root.EnumerateObject().Select(p => p.Name));
            all.Add(new ParsedAck(
                Convert.ToHexString(acks.RoutingId(i)),
                acks.ReplyWithDelimiter(i),
                root.GetProperty("Id").GetString(),
                root.GetProperty("Sequence").ValueKind == JsonValueKind.Null ? null : root.GetProperty("Sequence").GetInt64(),
                root.GetProperty("Status").GetString()!,
                root.GetProperty("Error").GetString()));
        }
        return all;
    }
}
