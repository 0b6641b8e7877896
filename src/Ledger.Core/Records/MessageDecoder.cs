using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Ledger.Core.Records;

// INTERIM: minimal seed-shape decoder so the ingest path can run end to end; replaced by the full Utf8JsonReader
// decoder of the enricher work (branch enrich).
public sealed class MessageDecoder
{
    public MessageDecoder(DecoderOptions options) => Options = options;

    public DecoderOptions Options { get; }

    public bool TryDecode(ReadOnlySpan<byte> frame, in FrameContext context, [NotNullWhen(true)] out LedgerRecord? record, [NotNullWhen(false)] out string? reason)
    {
        record = null;
        try
        {
            using var doc = JsonDocument.Parse(frame.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                reason = "frame is not a JSON object";
                return false;
            }
            var root = doc.RootElement;
            string? Get(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var speaker = Get("SpeakerName");
            var message = Get("Message");
            if (speaker is null || message is null)
            {
                reason = speaker is null ? "missing field SpeakerName" : "missing field Message";
                return false;
            }
            record = new LedgerRecord
            {
                Id = Get("Id") ?? Guid.CreateVersion7().ToString(),
                Timestamp = context.ReceivedAt,
                ReceivedAt = context.ReceivedAt,
                SpeakerName = speaker,
                Message = message,
                ContextId = Get("ContextId"),
                Source = context.Source,
                Topic = context.Topic,
            };
            reason = null;
            return true;
        }
        catch (JsonException ex)
        {
            reason = "not JSON: " + ex.Message;
            return false;
        }
    }
}

public sealed class DecoderOptions
{
    public int MaxMessageBytes { get; init; } = 1_048_576;
    public int MaxDepth { get; init; } = 64;
}

public readonly record struct FrameContext(string Source, string? Topic, DateTime ReceivedAt);
