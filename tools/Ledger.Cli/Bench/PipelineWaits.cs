namespace Ledger.Cli.Bench;

/// <summary>
/// Where the daemon's pipeline threads waited during a run, as shares of its seconds, from two /metrics texts
/// (<c>ledger_pipeline_wait_seconds_total</c>, and the fsync histogram's sum for the journal writer's busy time).
/// </summary>
/// <remarks>
/// Under full load the slowest stage never waits and the rest wait on it: the receive thread blocked on the process
/// thread most of a run says processing (CPU) is the limit; the process thread waiting on the journal, or the
/// journal busy near the whole run, says the disk is.
/// </remarks>
internal static class PipelineWaits
{
    /// <summary>The (thread, thread it waited on) pairs the daemon reports, in the order they are printed.</summary>
    private static readonly (string Thread, string On)[] s_waits =
    [
        ("receive", "process"),
        ("process", "receive"),
        ("process", "enrich"),
        ("process", "journal"),
        ("journal", "process"),
    ];

    /// <summary>Key of the journal writer's busy share (writing and fsyncing) in <see cref="Shares"/>.</summary>
    public const string JournalBusy = "journal busy";

    /// <summary>
    /// Each wait's share of <paramref name="seconds"/> between the two snapshots, keyed "thread on thread", and
    /// <see cref="JournalBusy"/>; a daemon without the wait metrics gives only the journal's share.
    /// </summary>
    public static Dictionary<string, double> Shares(string before, string after, double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        double Delta(string name) => PrometheusText.Value(after, name) - PrometheusText.Value(before, name);
        var shares = new Dictionary<string, double>
        {
            [JournalBusy] = Delta("ledger_fsync_latency_milliseconds_sum") / 1000 / seconds,
        };
        foreach (var (thread, on) in s_waits)
        {
            var name = $"ledger_pipeline_wait_seconds_total{{thread=\"{thread}\",on=\"{on}\"}}";
            if (after.Contains(name, StringComparison.Ordinal))
            {
                shares[$"{thread} on {on}"] = Delta(name) / seconds;
            }
        }
        return shares;
    }
}
