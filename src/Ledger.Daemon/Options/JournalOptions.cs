namespace Ledger.Daemon.Options;

/// <summary>Journal and exactly-once settings (<c>Ledger:Journal:*</c>).</summary>
internal sealed class JournalOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Journal";

    /// <summary>How many recent Ids are remembered for exactly-once by Id. Default 250,000 (≈ 16.6 MB outside the managed heap, resident as Ids arrive; measured in the sixth session: 1,000,000 cost ~120 MB more peak RSS).</summary>
    public int DedupWindow { get; set; } = 250_000;

    /// <summary>Most bytes of journal lines in one group commit. Default 2,097,152 (2 MiB).</summary>
    public int MaxCommitBytes { get; set; } = 2 << 20;

    /// <summary>
    /// Shortest time between the start of a group commit of more than one frame and the start of the next, in
    /// microseconds; 0 commits as soon as the writer is free. While the writer waits out the rest, arrivals join the
    /// next commit. Default 1,000: at 20,000 msgs/s it cut commits ~2.6× and the p99 from 7–10 ms to 3–5 ms on the
    /// 2-vCPU VM, whose host throttles it for every fsync (docs/PERFORMANCE.md, eighth session). A commit of a single
    /// frame starts no interval, so a client that waits for each ack is not slowed; one that keeps k > 1 messages in
    /// flight is capped near k × 1,000,000 / interval a second while its k lines stay below
    /// <see cref="CommitAtOnceBytes"/>. Full batches, and acked batches of <see cref="CommitAtOnceBytes"/>, are never
    /// delayed.
    /// </summary>
    public int MinCommitIntervalMicroseconds { get; set; } = 1_000;

    /// <summary>
    /// A batch with acks to send (clients wait for it) holding at least this many bytes of journal lines is committed
    /// as soon as the writer is free, without waiting out <see cref="MinCommitIntervalMicroseconds"/>; 1 to
    /// <see cref="MaxCommitBytes"/>. Default 16,384 (~16 of the bench's ~1 KB lines): the pace is there to share a
    /// commit's fixed cost (~0.1 ms of CPU for the fsync and the wake-ups on the 2-vCPU VM) among many messages, and
    /// a batch this large already does, so holding it only adds to the clients' wait, and caps a client with many
    /// messages in flight. Pushed and published messages have nobody waiting: their batches stay paced. At 20,000
    /// msgs/s in acked bursts of ~21 KB: p50 1.10 → 0.77 ms in the bench (a python client timing its own bursts:
    /// ~1.45 → ~0.87 ms for the same CPU), ~23 % more commits and ~4 % more CPU a message with the bench's client,
    /// whose sends follow its acks; 8,192 nearly doubled the commits (docs/PERFORMANCE.md, twenty-third session).
    /// </summary>
    public int CommitAtOnceBytes { get; set; } = 16 << 10;

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
        if (CommitAtOnceBytes < 1 || CommitAtOnceBytes > MaxCommitBytes)
        {
            yield return $"Ledger:Journal:CommitAtOnceBytes must be in [1, Ledger:Journal:MaxCommitBytes = {MaxCommitBytes}], got {CommitAtOnceBytes}";
        }
    }
}
