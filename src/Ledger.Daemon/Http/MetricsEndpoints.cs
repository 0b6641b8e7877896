using System.Globalization;
using System.Text;
using Ledger.Daemon.Checkpoints;
using Ledger.Daemon.Hosting;
using Ledger.Daemon.Journal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ledger.Daemon.Http;

/// <summary>GET /metrics in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class MetricsEndpoints
{
    private static readonly string[] s_sources = ["pull", "sub", "router"];

    public static void Map(WebApplication app)
    {
        app.MapGet("/metrics", (IngestCounters counters, JournalPipeline pipeline, CheckpointService checkpoints, TimeProvider time) =>
        {
            var text = new StringBuilder(4096);
            Counter(text, "ledger_received_total", "Messages read off the ingest sockets.", counters.Received);
            PerSource(text, "ledger_persisted_total", "Messages appended to the journal and fsync'd, by source socket.", counters.PersistedBySource);
            PerSource(text, "ledger_rejected_total", "Invalid messages written to the dead letter, by source socket.", counters.RejectedBySource);
            PerSource(text, "ledger_duplicates_total", "Messages not appended because their Id was already persisted, by source socket.", counters.DuplicatesBySource);
            Gauge(text, "ledger_last_sequence", "Sequence of the last fsync'd record.", pipeline.LastDurableSequence);
            Gauge(text, "ledger_journal_bytes", "Size of the active journal file in bytes.", counters.JournalBytes);
            Gauge(text, "ledger_queue_depth", "Messages received but not yet fsync'd.", counters.QueueDepth);
            Counter(text, "ledger_commits_total", "Group commits (one fsync each).", counters.Batches);
            // At a moderate rate the receive thread does the work itself while the others are idle (docs/OPERATIONS.md).
            Counter(text, "ledger_receive_thread_batches_processed_total", "Received batches processed on the receive thread (the process thread was idle).", pipeline.BatchesProcessedBySubmitter);
            Counter(text, "ledger_receive_thread_commits_total", "Group commits made on the receive thread (the journal thread was free); included in ledger_commits_total.", pipeline.BatchesCommittedBySubmitter);
            HistogramText(text, "ledger_batch_size_messages", "Messages per group commit.", counters.BatchSize);
            HistogramText(text, "ledger_fsync_latency_milliseconds", "Time to write and fsync one group commit.", counters.FsyncLatencyMs);
            PipelineWaits(text, counters, pipeline);
            Counter(text, "ledger_checkpoints_sealed_total", "Checkpoints sealed by this process.", checkpoints.SealedCount);
            var age = checkpoints.LastSealedAt is { } last ? (time.GetUtcNow().UtcDateTime - last).TotalSeconds : -1;
            Gauge(text, "ledger_last_checkpoint_age_seconds", "Seconds since the last checkpoint was sealed (-1: none yet).", age);
            Counter(text, "ledger_refused_handshakes_total", "CURVE/ZAP handshakes refused (unknown key or plain-text client).", counters.RefusedHandshakes);
            // GC pauses stop every thread: the first thing to check when send → ack latency has a tail the fsync
            // histogram does not explain.
            Counter(text, "dotnet_gc_pause_seconds_total", "Time the .NET garbage collector paused the process.", GC.GetTotalPauseDuration().TotalSeconds);
            Counter(text, "dotnet_gc_collections_total", "Garbage collections of any generation.", GC.CollectionCount(0));
            PerGeneration(text, "dotnet_gc_generation_collections_total",
                "Garbage collections by the oldest generation collected (a gen2 one walks the whole heap).");
            // What the collections above are paid for: bytes allocated on the managed heap since start (all threads).
            Counter(text, "dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.", GC.GetTotalAllocatedBytes());
            Gauge(text, "dotnet_gc_heap_bytes", "Bytes in the managed heap after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
            Gauge(text, "ledger_uptime_seconds", "Seconds since the daemon started.", (DateTime.UtcNow - counters.StartedAt).TotalSeconds);
            return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        });
    }

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Counter(StringBuilder text, string name, string help, double value)
    {
        Header(text, name, help, "counter");
        text.Append(name).Append(' ').Append(Format(value)).Append('\n');
    }

    private static void Gauge(StringBuilder text, string name, string help, double value)
    {
        Header(text, name, help, "gauge");
        text.Append(name).Append(' ').Append(Format(value)).Append('\n');
    }

    private static void PerSource(StringBuilder text, string name, string help, long[] values)
    {
        Header(text, name, help, "counter");
        for (var i = 0; i < s_sources.Length; i++)
        {
            text.Append(name).Append("{source=\"").Append(s_sources[i]).Append("\"} ").Append(Format(Interlocked.Read(ref values[i]))).Append('\n');
        }
    }

    /// <summary>Where each pipeline thread blocked on its neighbour, in seconds (see <see cref="PipelineWait"/>).</summary>
    /// <remarks>The journal writer's busy time is the fsync histogram's sum.</remarks>
    private static void PipelineWaits(StringBuilder text, IngestCounters counters, JournalPipeline pipeline)
    {
        const string name = "ledger_pipeline_wait_seconds_total";
        Header(text, name, "Time a pipeline thread blocked on its neighbour (thread waited on): which stage limits ingest.", "counter");
        (string Thread, string On, TimeSpan Time)[] waits =
        [
            ("receive", "process", counters.ClockOf(PipelineWait.ReceiveOnProcess).Elapsed),
            ("process", "receive", counters.ClockOf(PipelineWait.ProcessOnReceive).Elapsed),
            ("process", "enrich", pipeline.WorkerWaitTime),
            ("process", "journal", counters.ClockOf(PipelineWait.ProcessOnJournal).Elapsed),
            ("journal", "process", counters.ClockOf(PipelineWait.JournalOnProcess).Elapsed),
        ];
        foreach (var (thread, on, time) in waits)
        {
            text.Append(name).Append("{thread=\"").Append(thread).Append("\",on=\"").Append(on).Append("\"} ")
                .Append(Format(time.TotalSeconds)).Append('\n');
        }
    }

    private static void PerGeneration(StringBuilder text, string name, string help)
    {
        Header(text, name, help, "counter");
        // GC.CollectionCount(g) counts collections of generation g or older; each line here counts exactly g. Older
        // first: a collection between the reads can then only raise a younger count, never make a line negative.
        var gen2 = GC.CollectionCount(2);
        var gen1 = GC.CollectionCount(1);
        int[] counts = [GC.CollectionCount(0), gen1, gen2];
        for (var generation = 0; generation < counts.Length; generation++)
        {
            var older = generation + 1 < counts.Length ? counts[generation + 1] : 0;
            text.Append(name).Append("{generation=\"").Append(generation).Append("\"} ").Append(counts[generation] - older).Append('\n');
        }
    }

    private static void HistogramText(StringBuilder text, string name, string help, Histogram histogram)
    {
        Header(text, name, help, "histogram");
        var cumulative = histogram.CumulativeCounts();
        for (var i = 0; i < histogram.UpperBounds.Count; i++)
        {
            text.Append(name).Append("_bucket{le=\"").Append(Format(histogram.UpperBounds[i])).Append("\"} ").Append(cumulative[i]).Append('\n');
        }
        text.Append(name).Append("_bucket{le=\"+Inf\"} ").Append(cumulative[^1]).Append('\n');
        text.Append(name).Append("_sum ").Append(Format(histogram.Sum)).Append('\n');
        text.Append(name).Append("_count ").Append(histogram.Count).Append('\n');
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
