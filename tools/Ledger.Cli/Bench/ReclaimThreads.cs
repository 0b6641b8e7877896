using System.Globalization;

namespace Ledger.Cli.Bench;

/// <summary>
/// CPU time of the kernel's memory-reclaim threads (<c>kdamond</c>, <c>kswapd</c>, <c>kcompactd</c>), from
/// <c>/proc/PID/schedstat</c> (nanoseconds on a CPU), to tell when the latency run shared its cores with them.
/// </summary>
/// <remarks>
/// Why the bench reports it: on the 2-core VM the bench was built on, the host runs DAMON proactive reclaim in the
/// guest (a <c>kdamond</c> thread sampling physical memory every 500 ms, scheme <c>pageout</c>). Each sample took a core
/// for 2–18 ms under the bench's load, and 528 of the 601 messages at or above the p99 of one latency run were sent
/// within a few milliseconds of one (docs/PERFORMANCE.md, eighteenth session). Its CPU time over the run says whether,
/// and how long, the machine took a core from the daemon; how much of one run's tail fell in those windows takes a
/// scheduler trace (tools/bench/latency_windows.py). Linux only; nothing is found where no such thread runs.
/// </remarks>
internal static class ReclaimThreads
{
    private static readonly string[] s_names = ["kdamond", "kswapd", "kcompactd"];

    /// <summary>The reclaim threads' summed time on a CPU now, or null where <paramref name="procRoot"/> is not a Linux /proc.</summary>
    public static TimeSpan? Read(string procRoot = "/proc")
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists(procRoot))
        {
            return null;
        }
        long nanoseconds = 0;
        foreach (var process in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            try
            {
                var name = File.ReadAllText(Path.Combine(process, "comm")).TrimEnd('\n');
                if (s_names.Any(n => name.StartsWith(n, StringComparison.Ordinal)))
                {
                    nanoseconds += ParseSchedstat(File.ReadAllText(Path.Combine(process, "schedstat"))) ?? 0;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended between the listing and the read, or is not ours to read.
            }
        }
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    /// <summary>The first field of a <c>schedstat</c> line ("on-CPU ns, run-queue wait ns, time slices"), or null.</summary>
    public static long? ParseSchedstat(string schedstat)
    {
        var first = schedstat.Split(' ', 2)[0].Trim();
        return long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds) ? nanoseconds : null;
    }
}
