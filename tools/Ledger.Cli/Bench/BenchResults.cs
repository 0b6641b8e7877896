namespace Ledger.Cli.Bench;

/// <summary>Every number one bench run measures (also written as JSON under reports/bench/).</summary>
internal sealed class BenchResults
{
    public string GeneratedAt { get; set; } = "";
    public string Machine { get; set; } = "";
    public long Messages { get; set; }

    /// <summary>Whose messages ran: "bench", or the data directory whose journal they came from (<c>--data-dir</c>).</summary>
    public string MessageSource { get; set; } = "bench";
    public double AverageMessageBytes { get; set; }
    /// <summary>Mean seconds of the two raw runs, one before and one after the durable run.</summary>
    public double RawSeconds { get; set; }

    /// <summary>
    /// The raw ceiling: both raw runs' messages over both runs' seconds. Measured on each side of the durable run, so
    /// a slow or fast minute in one of them moves the ratio half as much (one run's ceiling moved 474–704 k msgs/s
    /// between runs of the same binary; docs/PERFORMANCE.md, thirteenth session).
    /// </summary>
    public double RawMessagesPerSecond { get; set; }
    public double RawBeforeMessagesPerSecond { get; set; }
    public double RawAfterMessagesPerSecond { get; set; }
    public double RawMegabytesPerSecond { get; set; }
    public double DurableSeconds { get; set; }
    public double DurableMessagesPerSecond { get; set; }
    public double DurableMegabytesPerSecond { get; set; }
    public double DurableToRawRatio { get; set; }

    /// <summary>
    /// The daemon's CPU time during the durable run divided by the messages: steadier than msgs/s on a shared
    /// machine, so the number to compare two builds by.
    /// </summary>
    public double DurableDaemonCpuMicrosecondsPerMessage { get; set; }

    /// <summary>Of <see cref="DurableDaemonCpuMicrosecondsPerMessage"/>, each daemon thread's share by name (Linux; null elsewhere).</summary>
    public Dictionary<string, double>? DurableThreadCpuMicrosecondsPerMessage { get; set; }

    /// <summary>Cores the whole machine kept busy during the durable run (of <see cref="Cores"/>); null off Linux.</summary>
    public double? DurableMachineBusyCores { get; set; }

    /// <summary>The whole machine's CPU time during the durable run per message: daemon, sender, kernel; null off Linux.</summary>
    public double? DurableMachineCpuMicrosecondsPerMessage { get; set; }

    /// <summary>Cores' worth of time the hypervisor ran something else while this VM wanted the CPU (steal); null off Linux.</summary>
    public double? DurableMachineStolenCores { get; set; }

    /// <summary>
    /// Where the daemon's pipeline waited during the durable run, as shares of its seconds ("receive on process",
    /// …, and "journal busy"; see <see cref="PipelineWaits"/>).
    /// </summary>
    public Dictionary<string, double>? DurableWaitShares { get; set; }

    /// <summary>Logical cores of the machine.</summary>
    public int Cores { get; set; }
    /// <summary>
    /// Round trips (ms) of the first acked messages sent one at a time to the freshly started daemon (empty data
    /// directory), <see cref="FirstAcksSettleMs"/> after it answered /health.
    /// </summary>
    public double[]? FirstAcksMs { get; set; }

    /// <summary>How long the bench waited after /health before the first acked message (the daemon warms up meanwhile).</summary>
    public int FirstAcksSettleMs { get; set; }

    public double AckedPerSecondWindow1 { get; set; }
    /// <summary>Of the group commits with 1 in flight, the share the daemon's receive thread made itself (the journal thread was free); null for a daemon without that counter.</summary>
    public double? AckedWindow1ReceiveThreadCommitShare { get; set; }
    public double AckedPerSecondWindow64 { get; set; }
    public int LatencyRatePerSecond { get; set; }
    public int LatencyWarmupSeconds { get; set; }
    public long LatencySamples { get; set; }
    public double LatencyP50Ms { get; set; }
    public double LatencyP99Ms { get; set; }
    public double LatencyP999Ms { get; set; }

    /// <summary>The daemon's CPU time during the latency run (warm-up included) per message sent in it.</summary>
    public double LatencyRunDaemonCpuMicrosecondsPerMessage { get; set; }

    /// <summary>Group commits during the latency run, and their write + fsync time (bucket upper bounds).</summary>
    public long LatencyRunCommits { get; set; }
    /// <summary>Of <see cref="LatencyRunCommits"/>, those the receive thread made itself (see docs/OPERATIONS.md, "Who processes a message").</summary>
    public long LatencyRunReceiveThreadCommits { get; set; }
    public double LatencyRunFsyncP50Ms { get; set; }
    public double LatencyRunFsyncP99Ms { get; set; }

    /// <summary>
    /// Gaps ≥ 3 ms in the paced client's sends during the measured latency run (its thread was not scheduled), their
    /// total length, and the measured messages in flight across one; see <see cref="SenderStalls"/>.
    /// </summary>
    public int LatencyRunSenderStalls { get; set; }
    public double LatencyRunSenderStalledMs { get; set; }
    public long LatencyRunMessagesAcrossStalls { get; set; }
    /// <summary>Of <see cref="LatencyRunDaemonCpuMicrosecondsPerMessage"/>, each daemon thread's share by name (Linux; null elsewhere).</summary>
    public Dictionary<string, double>? LatencyRunThreadCpuMicrosecondsPerMessage { get; set; }
    /// <summary>CPU time of the kernel's memory-reclaim threads during the latency run (warm-up included); null off Linux. See <see cref="ReclaimThreads"/>.</summary>
    public double? LatencyRunReclaimThreadsMs { get; set; }
    /// <summary>The config/runtime.env settings the daemon ran with, space-separated KEY=VALUE.</summary>
    public string DaemonRuntimeEnvironment { get; set; } = "";
    public long DurableGcCount { get; set; }
    public double DurableGcPauseMs { get; set; }
    /// <summary>Of <see cref="DurableGcCount"/>, the collections of generation 1 and of generation 2.</summary>
    public long DurableGcGen1Count { get; set; }
    public long DurableGcGen2Count { get; set; }
    /// <summary>Managed bytes the daemon allocated during the durable run, per message (what its collections are paid for).</summary>
    public double DurableAllocatedBytesPerMessage { get; set; }
    public long LatencyRunGcCount { get; set; }
    public double LatencyRunGcPauseMs { get; set; }
    public long LatencyRunGcGen1Count { get; set; }
    public long LatencyRunGcGen2Count { get; set; }
    /// <summary>Managed bytes the daemon allocated during the latency run (warm-up included), per message sent in it.</summary>
    public double LatencyRunAllocatedBytesPerMessage { get; set; }
    /// <summary>The daemon's peak resident memory under the bench's load, before the checkpoint seal.</summary>
    public double DaemonPeakRssMb { get; set; }
    /// <summary>Records in the checkpoint sealed after the latency run (the whole journal the run made).</summary>
    public long CheckpointSealRecords { get; set; }
    /// <summary>Seconds <c>POST /api/checkpoints</c> took to seal them (JSON and Parquet copies) and rotate the journal (since the twenty-sixth session).</summary>
    public double CheckpointSealSeconds { get; set; }
    /// <summary>The daemon's peak resident memory including the seal: what the 5-minute checkpoint timer adds to it.</summary>
    public double DaemonPeakRssWithSealMb { get; set; }
    /// <summary>
    /// Send → ack latencies of acked messages sent at <see cref="LatencyRatePerSecond"/> while the seal ran (no warm-up:
    /// the client's loop is already compiled), and the client's stalls meanwhile.
    /// </summary>
    public long SealLatencySamples { get; set; }
    public double SealLatencyP50Ms { get; set; }
    public double SealLatencyP99Ms { get; set; }
    public double SealLatencyP999Ms { get; set; }
    public int SealLatencySenderStalls { get; set; }
    /// <summary>JSONL bytes of the whole history: the journal and the rotated segments, uncompressed.</summary>
    public long JournalBytes { get; set; }
    public double? ReportSeconds { get; set; }
    public double? ReportPeakRssMb { get; set; }
    public double? ExportSeconds { get; set; }
    public long? ExportBytes { get; set; }
    public double? ExportShareOfJsonl { get; set; }
}
