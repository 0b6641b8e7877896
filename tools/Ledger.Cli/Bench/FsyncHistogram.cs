using System.Globalization;

namespace Ledger.Cli.Bench;

/// <summary>The daemon's group-commit latency histogram, read from /metrics, so a latency run can be split into
/// "time in write + fsync" and everything else.</summary>
/// <param name="UpperBounds">Bucket upper bounds in milliseconds (the last is +Inf).</param>
/// <param name="Cumulative">Observations at or below each bound.</param>
internal sealed record FsyncHistogram(double[] UpperBounds, long[] Cumulative)
{
    private const string Bucket = "ledger_fsync_latency_milliseconds_bucket{le=\"";

    /// <summary>Parses the histogram out of Prometheus text; empty when the metric is absent.</summary>
    public static FsyncHistogram Parse(string metrics)
    {
        var bounds = new List<double>();
        var counts = new List<long>();
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(Bucket, StringComparison.Ordinal))
            {
                continue;
            }
            var close = line.IndexOf('"', Bucket.Length);
            var bound = line[Bucket.Length..close];
            bounds.Add(bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture));
            counts.Add(long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        }
        return new FsyncHistogram([.. bounds], [.. counts]);
    }

    /// <summary>The observations made between <paramref name="earlier"/> and this snapshot.</summary>
    public FsyncHistogram Since(FsyncHistogram earlier) =>
        earlier.Cumulative.Length != Cumulative.Length
            ? this
            : new FsyncHistogram(UpperBounds, Cumulative.Select((c, i) => c - earlier.Cumulative[i]).ToArray());

    /// <summary>Number of group commits observed.</summary>
    public long Count => Cumulative.Length == 0 ? 0 : Cumulative[^1];

    /// <summary>Upper bound (ms) of the bucket holding the given percentile; NaN without observations.</summary>
    public double Percentile(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        for (var i = 0; i < Cumulative.Length; i++)
        {
            if (Cumulative[i] >= rank)
            {
                return UpperBounds[i];
            }
        }
        return double.PositiveInfinity;
    }
}
