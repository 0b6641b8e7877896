using System.Diagnostics;

namespace Ledger.Cli.Bench;

/// <summary>
/// Times the paced latency client did not run although messages were due: gaps between consecutive sends longer
/// than a threshold, and how many measured messages were in flight across one.
/// </summary>
/// <remarks>
/// At a fixed rate the client sends at every 1 ms tick, so a longer gap means its thread was not run although it was
/// due. On the shared VM the bench was built on, a vCPU stops for the rest of a 100 ms period (up to ~10 ms) when the
/// VM's host-side CPU quota runs out, which happens at 20,000 msgs/s because every fsync and wake-up costs the host
/// far more than it costs the guest; a message whose path needs that vCPU waits out the stop. The client sees only
/// the stops of the vCPU it runs on, so this is a lower bound on the machine's stalls: if it alone puts more than
/// 1 % of the messages across a stall, the p99 measures the machine rather than Ledger (docs/PERFORMANCE.md, "the
/// latency tail, eighth session").
/// </remarks>
/// <param name="Count">Gaps between consecutive sends of at least the threshold.</param>
/// <param name="TotalMs">Their summed length.</param>
/// <param name="MessagesAcross">Measured messages sent before a gap began and acknowledged after it ended.</param>
internal sealed record SenderStalls(int Count, double TotalMs, long MessagesAcross)
{
    /// <summary>A gap this long cannot come from the 1 ms pacing tick.</summary>
    public const double DefaultThresholdMs = 3;

    /// <summary>Finds the stalls among <paramref name="sentAt"/>[<paramref name="from"/>..] (Stopwatch ticks, ascending).</summary>
    /// <param name="sentAt">Send time of every message, warm-up included (a gap right after the warm-up still counts).</param>
    /// <param name="ackedAt">Ack time of every message, same indexes.</param>
    /// <param name="from">First measured message.</param>
    /// <param name="thresholdMs">Shortest gap that counts.</param>
    public static SenderStalls Find(long[] sentAt, long[] ackedAt, long from, double thresholdMs = DefaultThresholdMs)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(ackedAt.Length, sentAt.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        var threshold = (long)(thresholdMs * Stopwatch.Frequency / 1000);
        var count = 0;
        long stalledTicks = 0;
        // Gaps as (last send before, first send after); a message crosses one when sent at or before its start and
        // acknowledged at or after its end.
        var gaps = new List<(long Start, long End)>();
        for (var i = Math.Max(from, 1); i < sentAt.Length; i++)
        {
            var gap = sentAt[i] - sentAt[i - 1];
            if (gap >= threshold)
            {
                count++;
                stalledTicks += gap;
                gaps.Add((sentAt[i - 1], sentAt[i]));
            }
        }
        long across = 0;
        var next = 0;
        for (var i = from; i < sentAt.Length && next < gaps.Count; i++)
        {
            // Gaps that began before this send cannot be crossed by it or by any later message.
            while (next < gaps.Count && gaps[next].Start < sentAt[i])
            {
                next++;
            }
            if (next < gaps.Count && ackedAt[i] >= gaps[next].End)
            {
                across++;
            }
        }
        return new SenderStalls(count, stalledTicks * 1000.0 / Stopwatch.Frequency, across);
    }
}
