using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Ledger.Cli.Bench;
using Ledger.Core;
using Spectre.Console;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger bench</c>: measures the transport ceiling, durable and acked ingest, latency, RSS, report and export.</summary>
internal sealed class BenchCommand : ICliCommand
{
    // Acked messages sent one at a time to the fresh daemon before the durable run, and how long after /health: the
    // daemon compiles and warms its ingest path for ~0.3 s after it starts answering (docs/PERFORMANCE.md).
    private const int FirstAcks = 5;
    private const int FirstAcksSettleMs = 1000;

    public string Name => "bench";
    public string Summary => "benchmark: raw ZeroMQ ceiling vs durable ingest, acks, latency, RSS, report, export";
    public IReadOnlyList<string> ValueOptions => ["-n|--count", "--rate", "--seconds", "--warmup", "--timeline", "--out", "--daemon", "--data-dir"];
    public IReadOnlyList<string> FlagOptions => ["--skip-report", "--skip-export", "--no-jit-profile"];

    public string Usage => """
        usage: ledger bench [-n N] [--rate R] [--seconds S] [--warmup W] [--timeline CSV] [--out DIR]
                            [--data-dir DIR] [--skip-report] [--skip-export] [--no-jit-profile] [--daemon DLL]
          N messages (default 1,000,000; ~400-byte texts in seed-shaped JSON) are pushed by a separate sender process:
            raw      to a bare libzmq PULL that only counts (the transport ceiling), then
            durable  into a real daemon, timed until the last one is fsync'd (/health lastSequence); before it, 5
                     acked messages one at a time to the daemon just started (1 s after it answers /health), then
            raw      again; the ceiling is both raw runs' messages over their seconds.
          Then acked ingest (1 and 64 in flight, S seconds each, default 3), send→ack latency at R msgs/s (default
          20,000) for S seconds after W seconds of unmeasured warm-up at the same rate (default 1), the daemon's peak
          RSS, `ledger report` and `ledger export` over the journal. --timeline writes each measured message's send
          and ack time (monotonic Stopwatch ticks) and latency to CSV, to line bursts up with perf.
          --data-dir DIR sends the messages of the journal in DIR instead (its first 1,000 records in turn, with new
          Ids; 100 for acks and latency), to measure a deployment's own texts: every phase uses them.
          The daemon runs with config/runtime.env's settings and a JIT profile recorded first (`ledger jit-profile`,
          ~2 s, from the same messages), as ./manage.sh start runs it; --no-jit-profile runs it without one.
          Prints a table and writes DIR/bench_YYYYMMDD_HHMMSS.json (default reports/bench).
          Needs Release builds: ./manage.sh bench builds them.
        """;

    public Task<int> RunAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var count = args.GetInt("--count", 1_000_000, min: 100);
        var rate = args.GetInt("--rate", 20_000, min: 1);
        var seconds = args.GetInt("--seconds", 3, min: 1, max: 600);
        var warmup = args.GetInt("--warmup", 1, min: 0, max: 60);
        var timeline = args.Get("--timeline");
        var outDir = args.Get("--out") ?? Path.Combine(CliDefaults.ReportsDirectory(), "bench");
        var root = CliDefaults.ProjectRoot() ?? throw new UsageException("run ledger bench inside the Ledger repository (config/appsettings.json not found)");
        var daemonDll = args.Get("--daemon") ?? Path.Combine(root, "src", "Ledger.Daemon", "bin", "Release", "net10.0", "Ledger.Daemon.dll");
        if (!File.Exists(daemonDll))
        {
            throw new UsageException($"daemon build not found at {daemonDll}; run ./manage.sh bench (it builds Release) or pass --daemon");
        }
        var messageSource = CliDefaults.GivenDataDirectory(args) is { } given ? Path.GetFullPath(given) : null;
        if (messageSource is not null)
        {
            // A journal with no records fails here, naming the directory, not later inside a child process.
            _ = JournalPayloads.Templates(messageSource, "check", 1);
        }
        var work = Path.Combine(Path.GetTempPath(), "ledger-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var results = new BenchResults
        {
            GeneratedAt = BenchJson.Now(),
            Machine = BenchJson.Machine(),
            Messages = count,
            MessageSource = messageSource ?? "bench",
            LatencyRatePerSecond = rate,
            LatencyWarmupSeconds = warmup,
            Cores = Environment.ProcessorCount,
        };
        try
        {
            IReadOnlyList<KeyValuePair<string, string>> runtimeEnvironment =
            [
                .. RuntimeEnvFile.ForDaemon(root),
                .. JitProfile.ForMeasurement("bench", !args.Has("--no-jit-profile"), Path.Combine(work, JitProfile.FileName),
                    Path.Combine(root, "config", "enrichment.json"), messageSource),
            ];

            Step("raw ceiling (PUSH → bare PULL)");
            var (rawBeforeSeconds, rawBytes) = RawCeilingBench.Run(count, messageSource);
            results.RawBeforeMessagesPerSecond = count / rawBeforeSeconds;
            results.AverageMessageBytes = rawBytes / (double)count;

            Step("durable ingest (PUSH → daemon → fsync)");
            var dataDir = Path.Combine(work, "data");
            results.DaemonRuntimeEnvironment = string.Join(" ", runtimeEnvironment.Select(s => $"{s.Key}={s.Value}"));
            using (var daemon = DaemonUnderTest.Start(daemonDll, dataDir, runtimeEnvironment))
            {
                // Before anything else reaches it: what a client's first messages to a just-started daemon wait.
                Step("first acks after start (DEALER → ROUTER, one at a time)");
                results.FirstAcksSettleMs = FirstAcksSettleMs;
                results.FirstAcksMs = AckedBench.OneAtATime(daemon.AckEndpoint, FirstAcks, TimeSpan.FromMilliseconds(FirstAcksSettleMs), "first", messageSource);
                using (var sender = SenderProcess.Start(daemon.PullEndpoint, count, "durable", messageSource))
                {
                    var metricsBefore = daemon.Metrics();
                    var cpuBefore = daemon.CpuTime;
                    var threadsBefore = ThreadCpu.Read(daemon.Pid);
                    var machineBefore = MachineCpu.Read();
                    var stopwatch = SenderProcess.Go(sender);
                    daemon.WaitForSequence(FirstAcks + count, TimeSpan.FromMinutes(10));
                    results.DurableSeconds = stopwatch.Elapsed.TotalSeconds;
                    var metricsAfter = daemon.Metrics();
                    (results.DurableGcCount, results.DurableGcPauseMs, results.DurableGcGen1Count, results.DurableGcGen2Count, var durableAllocated) = GcSince(metricsBefore, metricsAfter);
                    results.DurableAllocatedBytesPerMessage = durableAllocated / count;
                    results.DurableWaitShares = PipelineWaits.Shares(metricsBefore, metricsAfter, results.DurableSeconds);
                    results.DurableDaemonCpuMicrosecondsPerMessage = (daemon.CpuTime - cpuBefore).TotalMicroseconds / count;
                    if (threadsBefore is not null && ThreadCpu.Read(daemon.Pid) is { } threadsAfter)
                    {
                        results.DurableThreadCpuMicrosecondsPerMessage = ThreadCpu.PerMessage(threadsBefore, threadsAfter, count);
                    }
                    if (MachineCpu.Read() is { } machineAfter && machineBefore is { } machineStart)
                    {
                        var machine = machineAfter - machineStart;
                        results.DurableMachineBusyCores = machine.Busy.TotalSeconds / results.DurableSeconds;
                        results.DurableMachineCpuMicrosecondsPerMessage = machine.Busy.TotalMicroseconds / count;
                        results.DurableMachineStolenCores = machine.Stolen.TotalSeconds / results.DurableSeconds;
                    }
                    sender.WaitForExit(TimeSpan.FromSeconds(60));
                }
                results.DurableMessagesPerSecond = count / results.DurableSeconds;
                results.DurableMegabytesPerSecond = rawBytes / results.DurableSeconds / 1e6;

                // The ceiling again, right after (the daemon idles meanwhile): the durable run sits between two.
                Step("raw ceiling again (PUSH → bare PULL)");
                var (rawAfterSeconds, _) = RawCeilingBench.Run(count, messageSource);
                results.RawAfterMessagesPerSecond = count / rawAfterSeconds;
                results.RawSeconds = (rawBeforeSeconds + rawAfterSeconds) / 2;
                results.RawMessagesPerSecond = count / results.RawSeconds;
                results.RawMegabytesPerSecond = rawBytes / results.RawSeconds / 1e6;
                results.DurableToRawRatio = results.DurableMessagesPerSecond / results.RawMessagesPerSecond;

                Step("acked ingest (DEALER → ROUTER, ack after fsync)");
                var ackedBefore = daemon.Metrics();
                results.AckedPerSecondWindow1 = AckedBench.Throughput(daemon.AckEndpoint, 1, TimeSpan.FromSeconds(seconds), "ack1", messageSource);
                results.AckedWindow1ReceiveThreadCommitShare = ReceiveThreadCommitShare(ackedBefore, daemon.Metrics());
                results.AckedPerSecondWindow64 = AckedBench.Throughput(daemon.AckEndpoint, 64, TimeSpan.FromSeconds(seconds), "ack64", messageSource);

                Step($"latency at {rate:N0} msgs/s");
                var before = daemon.Metrics();
                var latencyCpuBefore = daemon.CpuTime;
                var latencyThreadsBefore = ThreadCpu.Read(daemon.Pid);
                var reclaimBefore = ReclaimThreads.Read();
                var (latencies, stalls) = AckedBench.Latencies(daemon.AckEndpoint, rate, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(warmup), "lat", timeline, messageSource);
                // Warm-up messages included: the daemon did that work too.
                results.LatencyRunDaemonCpuMicrosecondsPerMessage = (daemon.CpuTime - latencyCpuBefore).TotalMicroseconds / ((double)rate * (seconds + warmup));
                if (latencyThreadsBefore is not null && ThreadCpu.Read(daemon.Pid) is { } latencyThreadsAfter)
                {
                    results.LatencyRunThreadCpuMicrosecondsPerMessage = ThreadCpu.PerMessage(latencyThreadsBefore, latencyThreadsAfter, (long)rate * (seconds + warmup));
                }
                var after = daemon.Metrics();
                results.LatencyRunReclaimThreadsMs = ReclaimThreads.Read() - reclaimBefore is { } reclaim ? reclaim.TotalMilliseconds : null;
                var fsync = FsyncHistogram.Parse(after).Since(FsyncHistogram.Parse(before));
                (results.LatencyRunGcCount, results.LatencyRunGcPauseMs, results.LatencyRunGcGen1Count, results.LatencyRunGcGen2Count, var latencyAllocated) = GcSince(before, after);
                results.LatencyRunAllocatedBytesPerMessage = latencyAllocated / ((double)rate * (seconds + warmup));
                results.LatencyRunCommits = fsync.Count;
                results.LatencyRunReceiveThreadCommits = (long)(PrometheusText.Value(after, ReceiveThreadCommits) - PrometheusText.Value(before, ReceiveThreadCommits));
                results.LatencyRunFsyncP50Ms = fsync.Percentile(50);
                results.LatencyRunFsyncP99Ms = fsync.Percentile(99);
                results.LatencySamples = latencies.Length;
                results.LatencyP50Ms = AckedBench.Percentile(latencies, 50);
                results.LatencyP99Ms = AckedBench.Percentile(latencies, 99);
                results.LatencyP999Ms = AckedBench.Percentile(latencies, 99.9);
                results.LatencyRunSenderStalls = stalls.Count;
                results.LatencyRunSenderStalledMs = stalls.TotalMs;
                results.LatencyRunMessagesAcrossStalls = stalls.MessagesAcross;
                results.DaemonPeakRssMb = daemon.PeakRssBytes / 1048576.0;

                // As the daemon's timer does every IntervalSeconds (the bench turns it off so it cannot fall into a
                // measured run): a seal reads what was persisted since the last one and writes it as JSON and
                // Parquet, inside the daemon, so its memory adds to the daemon's; then the journal, far past the
                // default 50 MB, is rotated into sessions/ (the POST answers when both are done).
                // It runs beside ingest, so acked messages keep coming at the latency run's rate until it is done: a
                // seal once held every message of that rate for up to 2 s (docs/PERFORMANCE.md, twenty-fifth session),
                // and a rotation for up to 3 s (twenty-sixth).
                Step($"checkpoint seal and journal rotation (POST /api/checkpoints), with latency at {rate:N0} msgs/s meanwhile");
                var sealClock = System.Diagnostics.Stopwatch.StartNew();
                var seal = Task.Run(() => (Records: daemon.SealCheckpoint(), Seconds: sealClock.Elapsed.TotalSeconds));
                var (sealLatencies, sealStalls) = AckedBench.Latencies(daemon.AckEndpoint, rate, MaxSealLatencyRun, TimeSpan.Zero, "seal",
                    dataDirectory: messageSource, stopSending: () => seal.IsCompleted);
                (results.CheckpointSealRecords, results.CheckpointSealSeconds) = seal.GetAwaiter().GetResult();
                results.SealLatencySamples = sealLatencies.Length;
                results.SealLatencyP50Ms = AckedBench.Percentile(sealLatencies, 50);
                results.SealLatencyP99Ms = AckedBench.Percentile(sealLatencies, 99);
                results.SealLatencyP999Ms = AckedBench.Percentile(sealLatencies, 99.9);
                results.SealLatencySenderStalls = sealStalls.Count;
                daemon.Stop();
                results.DaemonPeakRssWithSealMb = daemon.PeakRssBytes / 1048576.0;
            }
            results.JournalBytes = HistoryJsonlBytes(new DataDirectoryLayout(dataDir));

            if (!args.Has("--skip-report"))
            {
                Step("ledger report over the journal");
                var (reportSeconds, reportRss) = TimeTool(["report", "--data-dir", dataDir, "--out", Path.Combine(work, "report"), "--format", "json,md,html"]);
                results.ReportSeconds = reportSeconds;
                results.ReportPeakRssMb = reportRss / 1048576.0;
            }
            if (!args.Has("--skip-export"))
            {
                Step("ledger export --format parquet");
                var exportDir = Path.Combine(work, "export");
                var (exportSeconds, _) = TimeTool(["export", "--data-dir", dataDir, "--out", exportDir]);
                results.ExportSeconds = exportSeconds;
                results.ExportBytes = Directory.EnumerateFiles(exportDir, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                results.ExportShareOfJsonl = results.ExportBytes / (double)results.JournalBytes;
            }
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        Print(results);
        BenchJson.Write(outDir, "bench", results);
        return Task.FromResult(0);
    }

    /// <summary>
    /// Collections, total pause (ms), the collections of generation 1 and 2, and the managed bytes allocated, between
    /// two /metrics texts of the daemon (allocated is 0 for a daemon older than that counter).
    /// </summary>
    private static (long Count, double PauseMs, long Gen1, long Gen2, double AllocatedBytes) GcSince(string before, string after)
    {
        double Delta(string name) => PrometheusText.Value(after, name) - PrometheusText.Value(before, name);
        return ((long)Delta("dotnet_gc_collections_total"), 1000 * Delta("dotnet_gc_pause_seconds_total"),
            (long)Delta("dotnet_gc_generation_collections_total{generation=\"1\"}"), (long)Delta("dotnet_gc_generation_collections_total{generation=\"2\"}"),
            Delta("dotnet_gc_allocated_bytes_total"));
    }

    private const string ReceiveThreadCommits = "ledger_receive_thread_commits_total";

    /// <summary>The share of the commits between two /metrics texts that the receive thread made; null when there were none or the daemon has no such counter.</summary>
    private static double? ReceiveThreadCommitShare(string before, string after)
    {
        var commits = PrometheusText.Value(after, "ledger_commits_total") - PrometheusText.Value(before, "ledger_commits_total");
        return commits > 0 && after.Contains(ReceiveThreadCommits, StringComparison.Ordinal)
            ? (PrometheusText.Value(after, ReceiveThreadCommits) - PrometheusText.Value(before, ReceiveThreadCommits)) / commits
            : null;
    }

    // The longest the latency client runs beside a seal; a seal of the bench's journal takes 10-40 s on 2 cores.
    /// <summary>Bytes of JSONL the history holds: the journal's, and the segments' once decompressed (what report and export read).</summary>
    private static long HistoryJsonlBytes(DataDirectoryLayout layout)
    {
        var bytes = File.Exists(layout.Journal) ? new FileInfo(layout.Journal).Length : 0;
        var buffer = new byte[1 << 16];
        foreach (var segment in layout.SegmentFiles())
        {
            using var gzip = new GZipStream(File.OpenRead(segment), CompressionMode.Decompress);
            for (int read; (read = gzip.Read(buffer)) > 0;)
            {
                bytes += read;
            }
        }
        return bytes;
    }

    private static readonly TimeSpan MaxSealLatencyRun = TimeSpan.FromSeconds(180);

    private static void Step(string what) => Console.Error.WriteLine($"[bench] {what}...");

    private static (double Seconds, long PeakRss) TimeTool(string[] args)
    {
        var stopwatch = Stopwatch.StartNew();
        using var tool = ChildProcess.StartDotnet(typeof(BenchCommand).Assembly.Location, args);
        tool.WaitForExit(TimeSpan.FromMinutes(10));
        if (tool.ExitCode != 0)
        {
            throw new InvalidOperationException($"ledger {args[0]} failed ({tool.ExitCode}):\n{tool.Output}");
        }
        return (stopwatch.Elapsed.TotalSeconds, tool.PeakRssBytes);
    }

    private static void Print(BenchResults r)
    {
        var table = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned()).AddColumn("note");
        string F(double v, string format = "N0") => v.ToString(format, CultureInfo.InvariantCulture);
        table.AddRow("messages", F(r.Messages), $"avg {F(r.AverageMessageBytes, "N0")} bytes each"
            + (r.MessageSource == "bench" ? "" : $", from the journal in {r.MessageSource}"));
        table.AddRow("raw ceiling msgs/s", F(r.RawMessagesPerSecond),
            $"{F(r.RawMegabytesPerSecond, "N1")} MB/s, PUSH → bare PULL; runs before / after the durable one: {F(r.RawBeforeMessagesPerSecond)} / {F(r.RawAfterMessagesPerSecond)}");
        table.AddRow("durable ingest msgs/s", F(r.DurableMessagesPerSecond), $"{F(r.DurableMegabytesPerSecond, "N1")} MB/s, until fsync'd");
        table.AddRow("durable / raw", F(r.DurableToRawRatio, "N2"), "target ≥ 0.5");
        table.AddRow("  daemon CPU per message", $"{F(r.DurableDaemonCpuMicrosecondsPerMessage, "N1")} µs",
            "all daemon threads during the durable run; compare builds by this");
        if (r.DurableThreadCpuMicrosecondsPerMessage is { Count: > 0 } threads)
        {
            table.AddRow("    by thread", "µs / msg", string.Join(", ", threads.Take(6).Select(t => $"{t.Key} {F(t.Value, "N2")}"))
                + ": a change to one stage shows here first");
        }
        if (r.DurableMachineCpuMicrosecondsPerMessage is { } machinePerMessage)
        {
            table.AddRow("  machine CPU per message", $"{F(machinePerMessage, "N1")} µs",
                $"every process and the kernel; {F(r.DurableMachineBusyCores ?? 0, "N2")} of {r.Cores} cores busy, {F(r.DurableMachineStolenCores ?? 0, "N2")} stolen by the host");
        }
        table.AddRow("  daemon GC pauses", $"{F(r.DurableGcCount)} / {F(r.DurableGcPauseMs, "N1")} ms",
            $"collections / total pause during the durable run ({F(r.DurableGcGen1Count)} of gen1, {F(r.DurableGcGen2Count)} of gen2); {F(r.DurableAllocatedBytesPerMessage, "N0")} bytes allocated per message");
        if (r.DurableWaitShares is { } waits && waits.TryGetValue(PipelineWaits.JournalBusy, out var journalBusy))
        {
            table.AddRow("  journal busy / waits", F(journalBusy, "P0"),
                "share of the run writing + fsyncing; waited: " + string.Join(", ", waits.Where(w => w.Key != PipelineWaits.JournalBusy).Select(w => $"{w.Key} {F(w.Value, "P0")}"))
                + " (receive on process: processing is the limit; process on journal: the disk)");
        }
        if (r.FirstAcksMs is [var first, var second, .. var rest])
        {
            table.AddRow("first acks after start ms", $"{F(first, "N1")} / {F(second, "N1")} / {F(rest.Length > 0 ? AckedBench.Percentile(rest, 50) : second, "N1")}",
                $"1st / 2nd / median of the next {rest.Length}, one at a time, {F(r.FirstAcksSettleMs)} ms after /health (empty data directory)");
        }
        table.AddRow("acked acks/s, 1 in flight", F(r.AckedPerSecondWindow1),
            r.AckedWindow1ReceiveThreadCommitShare is { } share ? $"{F(share, "P0")} of its commits made by the receive thread (the journal thread was free)" : "");
        table.AddRow("acked acks/s, 64 in flight", F(r.AckedPerSecondWindow64), "");
        table.AddRow($"latency p50 / p99 / p99.9 ms", $"{F(r.LatencyP50Ms, "N2")} / {F(r.LatencyP99Ms, "N2")} / {F(r.LatencyP999Ms, "N2")}", $"send → ack (after fsync) at {F(r.LatencyRatePerSecond)} msgs/s, after {r.LatencyWarmupSeconds} s warm-up");
        table.AddRow($"  daemon CPU per message at {F(r.LatencyRatePerSecond)}/s", $"{F(r.LatencyRunDaemonCpuMicrosecondsPerMessage, "N1")} µs",
            "all daemon threads during the latency run (warm-up included): the cost at a moderate rate");
        if (r.LatencyRunThreadCpuMicrosecondsPerMessage is { Count: > 0 } latencyThreads)
        {
            table.AddRow("    by thread", "µs / msg", string.Join(", ", latencyThreads.Take(6).Select(t => $"{t.Key} {F(t.Value, "N2")}"))
                + ": at this rate mostly wake-ups and syscalls, not processing");
        }
        table.AddRow("  of which write + fsync", $"≤ {F(r.LatencyRunFsyncP50Ms, "N1")} / ≤ {F(r.LatencyRunFsyncP99Ms, "N1")}",
            $"p50 / p99 of {F(r.LatencyRunCommits)} group commits (daemon histogram buckets), {F(r.LatencyRunReceiveThreadCommits)} of them made by the receive thread");
        table.AddRow($"  sender stalls ≥ {F(SenderStalls.DefaultThresholdMs)} ms", $"{F(r.LatencyRunSenderStalls)} / {F(r.LatencyRunSenderStalledMs, "N0")} ms",
            $"count / total; {F(r.LatencyRunMessagesAcrossStalls / (double)Math.Max(1, r.LatencySamples), "P1")} of messages in flight across one (> 1 %: the p99 measures the machine)");
        if (r.LatencyRunReclaimThreadsMs is { } reclaimMs)
        {
            table.AddRow("  kernel memory reclaim", $"{F(reclaimMs, "N0")} ms",
                "CPU of kdamond/kswapd/kcompactd during the latency run: a core they hold is not the daemon's (where DAMON samples, its windows can hold most of the p99: tools/bench/latency_windows.py)");
        }
        table.AddRow("  daemon GC pauses", $"{F(r.LatencyRunGcCount)} / {F(r.LatencyRunGcPauseMs, "N1")} ms",
            $"collections / total pause during the latency run ({F(r.LatencyRunGcGen1Count)} of gen1, {F(r.LatencyRunGcGen2Count)} of gen2); {F(r.LatencyRunAllocatedBytesPerMessage, "N0")} bytes allocated per message");
        table.AddRow("daemon peak RSS MB", F(r.DaemonPeakRssMb, "N0"), "target ≤ 200; under the runs above");
        table.AddRow("  with a checkpoint seal", F(r.DaemonPeakRssWithSealMb, "N0"),
            $"after sealing the run's {F(r.CheckpointSealRecords)} records into a checkpoint (JSON + Parquet) and rotating the journal in {F(r.CheckpointSealSeconds, "N1")} s, as the daemon's timer does");
        table.AddRow("  latency during the seal", $"{F(r.SealLatencyP50Ms, "N2")} / {F(r.SealLatencyP99Ms, "N2")} / {F(r.SealLatencyP999Ms, "N2")}",
            $"p50 / p99 / p99.9 ms of {F(r.SealLatencySamples)} acked messages at {F(r.LatencyRatePerSecond)} msgs/s sent while it and the rotation after it ran; {F(r.SealLatencySenderStalls)} sender stalls");
        table.AddRow("journal MB", F(r.JournalBytes / 1e6, "N1"), "JSONL of the whole history (journal and sessions/ segments uncompressed)");
        if (r.ReportSeconds is { } reportSeconds)
        {
            table.AddRow("report s / peak RSS MB", $"{F(reportSeconds, "N2")} / {F(r.ReportPeakRssMb ?? 0, "N0")}", "ledger report, json+md+html");
        }
        if (r.ExportSeconds is { } exportSeconds)
        {
            table.AddRow("parquet export s / share of JSONL", $"{F(exportSeconds, "N2")} / {F(r.ExportShareOfJsonl ?? 0, "P1")}", "ledger export (snappy)");
        }
        AnsiConsole.Write(table);
        // Below the table, not in it: a long value would squeeze the other columns into wrapping.
        Console.WriteLine($"daemon runtime settings (config/runtime.env, as manage.sh start applies them): {(r.DaemonRuntimeEnvironment.Length == 0 ? "none" : r.DaemonRuntimeEnvironment)}");
    }
}
