using Ledger.Analytics.Metrics;
using Ledger.Analytics.Model;
using Ledger.Core;
using Ledger.Analytics.Reading;

namespace Ledger.Analytics;

/// <summary>Runs a report over a data directory: rotated segments, then the active journal, in one streaming pass.</summary>
public static class AnalyticsEngine
{
    /// <summary>Builds the report of <paramref name="dataDirectory"/> under <paramref name="options"/>.</summary>
    /// <param name="dataDirectory">The Ledger data directory (DESIGN.md §7).</param>
    /// <param name="options">Filters and tunables.</param>
    /// <param name="progress">Called with the number of records read so far, about every 65,536 records and at the end.</param>
    /// <param name="timeProvider">Clock for <c>generated_at</c>; the system clock by default.</param>
    /// <param name="cancellationToken">Stops the pass between records.</param>
    public static AnalyticsReport Run(
        string dataDirectory,
        ReportOptions options,
        Action<long>? progress = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(dataDirectory))
        {
            throw new LedgerException($"data directory '{dataDirectory}' does not exist");
        }
        var accumulator = new ReportAccumulator(options);
        long reported = 0;
        PipelinedFactsReader.ForEach(dataDirectory, record => accumulator.Add(record), read =>
        {
            if (read - reported >= 65_536)
            {
                reported = read;
                progress?.Invoke(read);
            }
        }, cancellationToken);
        progress?.Invoke(accumulator.Read);
        var rejected = CountLines(new DataDirectoryLayout(dataDirectory).Rejected);
        return accumulator.Build((timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime, rejected);
    }

    /// <summary>Newline-terminated lines of a file (0 when it does not exist), read in 64 KiB blocks.</summary>
    public static long CountLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return lines;
    }
}
