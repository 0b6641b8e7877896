using System.Text;
using Ledger.Core.Records;

namespace Ledger.Core.Tests.Support;

/// <summary>Runs the decoder on test frames and fails with the reason when a frame that should decode does not.</summary>
internal static class Decode
{
    public static readonly DateTime ReceivedAt = new(2025, 12, 1, 17, 9, 21, 456, DateTimeKind.Utc);

    public static FrameContext Context(string source = "pull", string? topic = null) => new(source, topic, ReceivedAt);

    public static LedgerRecord Ok(string json, MessageDecoder? decoder = null)
    {
        var ok = (decoder ?? new MessageDecoder()).TryDecode(Encoding.UTF8.GetBytes(json), Context(), out var record, out var reason);
        Assert.True(ok, "expected the frame to decode, got: " + reason);
        return record!;
    }

    public static string Rejected(byte[] frame, MessageDecoder? decoder = null)
    {
        var ok = (decoder ?? new MessageDecoder()).TryDecode(frame, Context(), out var record, out var reason);
        Assert.False(ok, "expected a rejection, got record " + record?.Id);
        Assert.Null(record);
        return reason!;
    }

    public static string Rejected(string json, MessageDecoder? decoder = null) => Rejected(Encoding.UTF8.GetBytes(json), decoder);
}
