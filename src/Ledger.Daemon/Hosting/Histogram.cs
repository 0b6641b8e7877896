namespace Ledger.Daemon.Hosting;

/// <summary>A fixed-bucket histogram in the Prometheus shape (cumulative on export); thread-safe.</summary>
internal sealed class Histogram(double[] upperBounds)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private long _count;
    private long _sumMicros;

    public IReadOnlyList<double> UpperBounds => upperBounds;

    public void Observe(double value)
    {
        var bucket = upperBounds.Length;
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (value <= upperBounds[i])
            {
                bucket = i;
                break;
            }
        }
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, (long)(value * 1000));
    }

    /// <summary>Observations at or below each upper bound (cumulative), then the total.</summary>
    public long[] CumulativeCounts()
    {
        var result = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            result[i] = running;
        }
        return result;
    }

    public long Count => Interlocked.Read(ref _count);
    public double Sum => Interlocked.Read(ref _sumMicros) / 1000.0;
}
