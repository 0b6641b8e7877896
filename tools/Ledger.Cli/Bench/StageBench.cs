using System.Diagnostics;
using Ledger.Core.Enrichment;
using Ledger.Core.Ingest;
using Ledger.Core.Records;

namespace Ledger.Cli.Bench;

/// <summary>
/// The daemon's processing stage alone, in this process: decode, hash, enrich, serialize and the ordered commit of the
/// bench messages, with no sockets, threads or disk around it.
/// </summary>
/// <remarks>
/// The end-to-end bench cannot resolve a change of a few per cent in this stage: its rate moves ±15 % with the
/// neighbours between minutes, and the stage is half the daemon's CPU. Here the same frames go through the same
/// <see cref="RecordProcessor"/> round after round, and the CPU time of each round is kept, so two builds can be
/// compared by their fastest and median rounds. The frames are built before the clock starts, with Ids no earlier
/// round used, so every message is new (the duplicate path is not what the daemon runs at full load).
/// </remarks>
internal static class StageBench
{
    /// <summary>The daemon's default Id window (<c>Ledger:Journal:DedupWindow</c>).</summary>
    private const int DedupWindow = 250_000;

    /// <summary>One measured round: process CPU and wall time per message.</summary>
    public readonly record struct Round(double CpuMicrosecondsPerMessage, double WallMicrosecondsPerMessage);

    /// <summary>The Id prefix of the stage's messages (see <see cref="BenchPayloads.Patch"/>).</summary>
    public const string Prefix = "stage";

    /// <summary>
    /// Runs one unmeasured round (it compiles the path) and then <paramref name="rounds"/> measured ones, over the bench
    /// messages or, given <paramref name="templates"/>, over those (Ids laid out as <see cref="BenchPayloads.Patch"/> writes
    /// them, with <see cref="Prefix"/>; see <see cref="JournalPayloads"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A round did not journal every message (the stage would be measured doing something else).</exception>
    public static IReadOnlyList<Round> Run(string rulesFile, int count, int rounds, int batchMessages, int workers, byte[][]? templates = null)
    {
        templates ??= BenchPayloads.Templates(Prefix, 1000);
        var batches = Enumerable.Range(0, (count + batchMessages - 1) / batchMessages)
            .Select(_ => new InboundBatch(batchMessages * 1024)).ToArray(); // grows for larger messages, before the clock starts
        var decoder = new MessageDecoder();
        var enricher = new MetadataEnricher(EnrichmentRules.Load(rulesFile));
        var output = new CommitBatch(4 << 20);
        var results = new List<Round>(rounds);
        var process = Process.GetCurrentProcess();
        // One processor for all rounds, as the daemon keeps one: its buffers have grown and its threads' word memos are
        // full after the first round. The Id window is the daemon's default size, so it evicts as at full load.
        using var processor = new RecordProcessor(decoder, enricher, new KnownIds(DedupWindow), 0, new ProcessorOptions { Workers = workers });
        for (var round = -1; round < rounds; round++)
        {
            // Ids not used in an earlier round, so every message is new.
            Fill(batches, templates, count, batchMessages, firstId: (round + 1L) * count);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            long persisted = 0;
            for (var b = 0; b < batches.Length; b++)
            {
                // As the daemon's process thread does: the next batch is prepared by the workers while this one commits.
                processor.Process(batches[b], output, b + 1 < batches.Length ? batches[b + 1] : null);
                persisted += output.Persisted;
                output.Clear();
            }
            var wallSeconds = wall.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            if (persisted != count)
            {
                throw new InvalidOperationException($"the stage journaled {persisted} of {count} bench messages");
            }
            if (round >= 0)
            {
                results.Add(new Round(cpuSeconds * 1e6 / count, wallSeconds * 1e6 / count));
            }
        }
        return results;
    }

    /// <summary>
    /// Fills <paramref name="batches"/> with copies of <paramref name="templates"/> in turn, in batches of
    /// <paramref name="batchMessages"/> PULL frames, with Ids from <paramref name="firstId"/> on.
    /// </summary>
    private static void Fill(InboundBatch[] batches, byte[][] templates, int count, int batchMessages, long firstId)
    {
        var message = new byte[templates.Max(t => t.Length)];
        var receivedAt = DateTime.UtcNow.Ticks;
        for (var b = 0; b < batches.Length; b++)
        {
            var batch = batches[b];
            batch.Clear();
            for (var i = b * batchMessages; i < Math.Min(count, (b + 1) * batchMessages); i++)
            {
                var template = templates[i % templates.Length];
                var frame = message.AsSpan(0, template.Length);
                template.CopyTo(frame);
                BenchPayloads.Patch(frame, Prefix.Length, firstId + i);
                var offset = batch.Copy(frame);
                batch.Add(new InboundFrame(offset, frame.Length, -1, 0, -1, 0, false, FrameSource.Pull, receivedAt));
            }
        }
    }
}
