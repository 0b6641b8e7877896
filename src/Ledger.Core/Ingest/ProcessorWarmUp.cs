using System.Diagnostics;
using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;

namespace Ledger.Core.Ingest;

/// <summary>
/// Runs a few made-up frames through decode, hash, enrich and serialize before the daemon takes its first message,
/// so that message does not wait for the JIT: the daemon compiles every method fully optimized on its first call
/// (no tiered compilation), and the ingest path is ~120 ms of compiling on the bench machine.
/// </summary>
/// <remarks>
/// Run on the thread that will process the first messages, because part of what a first message waited for was not
/// code but that thread's own state: the enricher's word memo (~2 MB of tables, per thread) and the decoder's and
/// client metadata's small per-thread caches. Made on the first message, their pages were first touched while its ack waited
/// (~8 ms of an 8–16 ms first ack, nineteenth session). What the frames leave behind is harmless: their few dozen
/// words in the memo (a cache; it keeps up to 16,384) and their speaker names among the recent strings. Nothing else
/// is kept: a processor of its own with its own Id window and a throwaway output. The compiled code stays, which every
/// thread shares. The frames cover the paths real traffic takes: plain ASCII, non-ASCII text, escapes, client
/// metadata long and short, a ROUTER frame owed an ack, a frame the decoder refuses, and a lone message in a batch of
/// its own.
/// </remarks>
public static class ProcessorWarmUp
{
    /// <summary>Compiles the ingest path and makes the calling thread's per-thread state; returns how long it took.</summary>
    public static TimeSpan Run(MessageDecoder decoder, MetadataEnricher enricher)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(enricher);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            ProcessOnce(decoder, enricher);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException("the ingest path failed on its warm-up frames", ex);
        }
        return stopwatch.Elapsed;
    }

    /// <summary>Processes the warm-up frames once into a throwaway output; returns it for tests.</summary>
    internal static CommitBatch ProcessOnce(MessageDecoder decoder, MetadataEnricher enricher)
    {
        var frames = Frames();
        var output = new CommitBatch(1 << 16);
        // One worker: no chunk threads to start and stop; the per-frame methods are the same either way.
        using var processor = new RecordProcessor(decoder, enricher, new KnownIds(frames.Count + 1), 0, new ProcessorOptions { Workers = 1 });
        processor.Process(Batch(frames), output);
        // Then a batch of one, as from a client that waits for each ack: a lone message is hashed on its own, not
        // in the multi-buffer MD5's lanes, and that code was compiled while the first real ack waited.
        processor.Process(Batch([(Json(40, "Deploy finished; is the canary healthy?", metadata: "", receiver: ""), [5, 6, 7, 8], FrameSource.Router)]), output);
        return output;
    }

    private static InboundBatch Batch(List<(byte[] Payload, byte[] Routing, FrameSource Source)> frames)
    {
        var inbound = new InboundBatch(frames.Sum(f => f.Payload.Length + f.Routing.Length));
        var receivedAt = DateTime.UtcNow.Ticks;
        foreach (var (payload, routing, source) in frames)
        {
            var routingOffset = routing.Length > 0 ? inbound.Copy(routing) : -1;
            var offset = inbound.Copy(payload);
            inbound.Add(new InboundFrame(offset, payload.Length, -1, 0, routingOffset, routing.Length, false, source, receivedAt));
        }
        return inbound;
    }

    /// <summary>
    /// Enough frames to fill the multi-buffer MD5's lanes, in the shapes the ingest path tells apart.
    /// </summary>
    private static List<(byte[] Payload, byte[] Routing, FrameSource Source)> Frames()
    {
        string[] texts =
        [
            "Build 4812 finished: 312 tests passed, 2 skipped. Artifacts are uploaded; shall I open the release pull request now?",
            "Résumé des changements : la file d'attente est réparée ✅ — voir la note « déploiement » pour les détails 🚀.",
            "Error in step \"migrate\":\n\tcolumn user_id is missing; rolled back and retrying with the previous schema.",
            "ok",
        ];
        var frames = new List<(byte[], byte[], FrameSource)>();
        for (var i = 0; i < 40; i++)
        {
            var text = texts[i % texts.Length];
            // Long and short client metadata: the merger's key search takes another path through a short object.
            var metadata = (i % 6) switch
            {
                0 => ",\"Metadata\":{\"priority\":\"high\",\"attempt\":2}",
                3 => ",\"Metadata\":{\"k\":\"v\"}",
                _ => "",
            };
            var receiver = i % 2 == 0 ? ",\"Receiver\":\"reviewer\",\"MessageType\":\"status\"" : "";
            var source = i % 8 == 7 ? FrameSource.Router : FrameSource.Pull;
            frames.Add((Json(i, text, metadata, receiver), source == FrameSource.Router ? [0, 1, 2, 3, 4] : [], source));
        }
        frames.Add((Encoding.UTF8.GetBytes("{\"Id\":\"ledger-warmup-bad\",\"Message\":"), [], FrameSource.Pull));
        return frames;
    }

    private static byte[] Json(int i, string text, string metadata, string receiver) => Encoding.UTF8.GetBytes(
        $"{{\"Id\":\"ledger-warmup-{i}\",\"Timestamp\":\"2025-01-01T00:00:00.000Z\",\"SpeakerName\":\"warmup-{i % 5}\",\"SpeakerRole\":\"Agent\"{receiver},\"Message\":{JsonText(text)},\"ConversationType\":0,\"ContextId\":\"warmup\"{metadata}}}");

    // Non-ASCII stays raw UTF-8 in the frame, as most senders write it; quotes and control characters are escaped.
    private static string JsonText(string text) => System.Text.Json.JsonSerializer.Serialize(text, s_relaxed);

    private static readonly System.Text.Json.JsonSerializerOptions s_relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
