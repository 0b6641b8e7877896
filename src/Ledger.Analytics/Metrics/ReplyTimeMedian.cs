namespace Ledger.Analytics.Metrics;

/// <summary>Median of reply intervals in fixed memory: exact up to <see cref="ExactCapacity"/> samples, then a log histogram.</summary>
/// <remarks>
/// Every sample goes into both the exact buffer (until it is full) and a log-scale histogram whose buckets are 1% wide
/// (bucket i covers [1.01^i − 1, 1.01^(i+1) − 1) milliseconds), so once the buffer overflows the median is the
/// geometric middle of the bucket holding the middle rank: relative error ≤ 0.5%. Memory is fixed: 64 KiB of samples plus
/// ~2,600 bucket counters, which cover intervals up to ~1 year; longer ones land in the last bucket.
/// A histogram was chosen over P² because it is deterministic, order-independent and exact in rank.
/// </remarks>
internal sealed class ReplyTimeMedian
{
    public const int ExactCapacity = 8192;
    private const double BucketBase = 1.01;
    private const int BucketCount = 2600;
    private static readonly double s_logBase = Math.Log(BucketBase);

    private readonly double[] _exact = new double[ExactCapacity];
    private readonly long[] _buckets = new long[BucketCount];
    private long _count;

    public long Count => _count;

    public bool IsExact => _count <= ExactCapacity;

    /// <summary>Adds one interval in milliseconds; negative values (clock skew between agents) are the caller's to skip.</summary>
    public void Add(double milliseconds)
    {
        if (_count < ExactCapacity)
        {
            _exact[_count] = milliseconds;
        }
        _count++;
        _buckets[BucketOf(milliseconds)]++;
    }

    /// <summary>The median in milliseconds (mean of the two middle values for an even count), or null without samples.</summary>
    public double? MedianMilliseconds()
    {
        if (_count == 0)
        {
            return null;
        }
        if (IsExact)
        {
            var sorted = _exact.AsSpan(0, (int)_count).ToArray();
            Array.Sort(sorted);
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
        var target = (_count - 1) / 2; // 0-based rank of the (lower) middle sample
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _buckets[i];
            if (seen > target)
            {
                return Math.Sqrt(Math.Pow(BucketBase, i) * Math.Pow(BucketBase, i + 1)) - 1;
            }
        }
        return null; // unreachable: the buckets hold _count samples
    }

    private static int BucketOf(double milliseconds)
    {
        var index = (int)Math.Floor(Math.Log(Math.Max(0, milliseconds) + 1) / s_logBase);
        return Math.Clamp(index, 0, BucketCount - 1);
    }
}
