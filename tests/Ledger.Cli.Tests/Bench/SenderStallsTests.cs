using System.Diagnostics;
using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests.Bench;

public sealed class SenderStallsTests
{
    private static long Ms(double ms) => (long)(ms * Stopwatch.Frequency / 1000);

    [Fact]
    public void Find_SendsEveryMillisecond_NoStall()
    {
        var sent = Enumerable.Range(0, 100).Select(i => Ms(i)).ToArray();
        var acked = sent.Select(s => s + Ms(1.5)).ToArray();

        var stalls = SenderStalls.Find(sent, acked, 0);

        Assert.Equal(new SenderStalls(0, 0, 0), stalls);
    }

    [Fact]
    public void Find_OneTenMillisecondGap_CountsItAndTheMessagesInFlightAcrossIt()
    {
        // Sends at 0..9 ms, then nothing until 20 ms, then 20..29 ms.
        var sent = Enumerable.Range(0, 10).Select(i => Ms(i)).Concat(Enumerable.Range(20, 10).Select(i => Ms(i))).ToArray();
        var acked = sent.Select(s => s + Ms(1)).ToArray();
        // Sent at 8 and 9 ms and acked after the gap ended (20 ms): in flight across it. The one sent at 7 ms was
        // acked at 8 ms, and the one sent at 20 ms began after the gap.
        acked[8] = Ms(21);
        acked[9] = Ms(20);

        var stalls = SenderStalls.Find(sent, acked, 0);

        Assert.Equal(1, stalls.Count);
        Assert.Equal(11, stalls.TotalMs, precision: 6);
        Assert.Equal(2, stalls.MessagesAcross);
    }

    [Fact]
    public void Find_GapShorterThanThreshold_NotAStall()
    {
        long[] sent = [Ms(0), Ms(2.9), Ms(5.8)];
        long[] acked = [Ms(10), Ms(10), Ms(10)];

        Assert.Equal(0, SenderStalls.Find(sent, acked, 0).Count);
        Assert.Equal(2, SenderStalls.Find(sent, acked, 0, thresholdMs: 2).Count);
    }

    [Fact]
    public void Find_WarmUpExcluded_GapIntoTheFirstMeasuredSendStillCounts()
    {
        // Warm-up: 0..4 (a stall between 1 and 2 ms → 10 ms, not measured). Measured from index 5, which follows a gap.
        long[] sent = [Ms(0), Ms(1), Ms(10), Ms(11), Ms(12), Ms(20), Ms(21)];
        var acked = sent.Select(s => s + Ms(0.5)).ToArray();

        var stalls = SenderStalls.Find(sent, acked, from: 5);

        Assert.Equal(1, stalls.Count);
        Assert.Equal(8, stalls.TotalMs, precision: 6);
        // Index 4 was in flight across that gap but is a warm-up message; measured ones began after it.
        Assert.Equal(0, stalls.MessagesAcross);
    }

    [Fact]
    public void Find_MessageAcrossSeveralGaps_CountedOnce()
    {
        long[] sent = [Ms(0), Ms(10), Ms(20), Ms(21)];
        long[] acked = [Ms(25), Ms(10.5), Ms(20.5), Ms(21.5)];

        var stalls = SenderStalls.Find(sent, acked, 0);

        Assert.Equal(2, stalls.Count);
        Assert.Equal(1, stalls.MessagesAcross);
    }

    [Fact]
    public void Find_MismatchedArrays_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SenderStalls.Find([1, 2], [1], 0));
    }
}
