namespace Ledger.Daemon.Options;

/// <summary>Journal and exactly-once settings (<c>Ledger:Journal:*</c>).</summary>
internal sealed class JournalOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Journal";

    /// <summary>How many recent Ids are remembered for exactly-once by Id. Default 250,000 (≈ 12 MB; measured: 1,000,000 cost ~120 MB more peak RSS).</summary>
    public int DedupWindow { get; set; } = 250_000;

    /// <summary>Most bytes of journal lines in one group commit. Default 2,097,152 (2 MiB).</summary>
    public int MaxCommitBytes { get; set; } = 2 << 20;

    /// <summary>
    /// Shortest time between the starts of two group commits, in microseconds; 0 (the default) commits as soon as the
    /// writer is free. While the writer waits out the rest, arrivals join the next commit. For disks or VMs that bill
    /// or throttle every fsync: at 20,000 msgs/s, 1,000 µs cut commits ~2.5× and kept the VM out of its CPU quota
    /// (docs/PERFORMANCE.md), but it also caps a client that waits for each ack at ~1,000 messages a second.
    /// </summary>
    public int MinCommitIntervalMicroseconds { get; set; }

    public IEnumerable<string> Validate()
    {
        if (DedupWindow is < 1 or > 100_000_000)
        {
            yield return $"Ledger:Journal:DedupWindow must be in [1, 100000000], got {DedupWindow}";
        }
        if (MaxCommitBytes < 64 * 1024)
        {
            yield return $"Ledger:Journal:MaxCommitBytes must be at least 65536, got {MaxCommitBytes}";
        }
        if (MinCommitIntervalMicroseconds is < 0 or > 100_000)
        {
            yield return $"Ledger:Journal:MinCommitIntervalMicroseconds must be in [0, 100000], got {MinCommitIntervalMicroseconds}";
        }
    }
}
