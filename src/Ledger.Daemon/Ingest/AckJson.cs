using System.Buffers;
using System.Text.Json;
using Ledger.Core.Ingest;
using Ledger.Core.Records;

namespace Ledger.Daemon.Ingest;

/// <summary>The ack payload: <c>{"Id","Sequence","Status":"stored"|"duplicate"|"rejected","Error"}</c>.</summary>
internal static class AckJson
{
    public static byte[] Serialize(AckReply ack)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, LedgerRecordJson.WriterOptions))
        {
            writer.WriteStartObject();
            if (ack.Id is null)
            {
                writer.WriteNull("Id");
            }
            else
            {
                writer.WriteString("Id", ack.Id);
            }
            if (ack.Status == AckStatus.Rejected)
            {
                writer.WriteNull("Sequence");
            }
            else
            {
                writer.WriteNumber("Sequence", ack.Sequence);
            }
            writer.WriteString("Status", ack.Status switch
            {
                AckStatus.Stored => "stored",
                AckStatus.Duplicate => "duplicate",
                _ => "rejected",
            });
            if (ack.Error is null)
            {
                writer.WriteNull("Error");
            }
            else
            {
                writer.WriteString("Error", ack.Error);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
