using System.Globalization;

namespace Ledger.Cli.Bench;

/// <summary>A process's CPU time by thread name, from <c>/proc/PID/task/*</c> (Linux; threads of one name summed).</summary>
/// <remarks>
/// Why the bench reports it: a whole run's rate moves with the machine's minute by more than a build changes it
/// (a pair of 1 M runs differs by ±0.55 µs per message), while the split by thread shows which stage a change
/// made cheaper. In the eleventh session the preparing threads fell from 2.81 to 2.59 µs per message in four pairs
/// out of four while the whole-run rate could not tell the builds apart.
/// <para>
/// The time is the scheduler's own (<c>schedstat</c>'s first field, nanoseconds on the CPU) where the kernel has it;
/// <c>stat</c>'s user and system times are sampled at the 10 ms tick, which at a moderate rate (threads that run
/// for tens of microseconds a millisecond) charges whichever thread the tick happens to find running.
/// </para>
/// </remarks>
internal static class ThreadCpu
{
    // USER_HZ: utime and stime count in 1/100 s on every Linux architecture the daemon runs on.
    private const double TicksPerSecond = 100;

    /// <summary>CPU time per thread name of process <paramref name="pid"/> now, or null where /proc has no such process.</summary>
    public static Dictionary<string, TimeSpan>? Read(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!OperatingSystem.IsLinux() || !Directory.Exists(tasks))
        {
            return null;
        }
        var byName = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            (string Name, TimeSpan Cpu)? thread;
            try
            {
                thread = Parse(File.ReadAllText(Path.Combine(task, "stat")));
                if (thread is { } fromStat && ReadRunTime(task) is { } runTime)
                {
                    thread = (fromStat.Name, runTime);
                }
            }
            catch (IOException)
            {
                continue; // the thread ended between the listing and the read
            }
            if (thread is { } found)
            {
                byName[found.Name] = byName.GetValueOrDefault(found.Name) + found.Cpu;
            }
        }
        return byName;
    }

    /// <summary>The thread's time on the CPU from <c>schedstat</c> ("run_ns wait_ns timeslices"), or null without it.</summary>
    private static TimeSpan? ReadRunTime(string task)
    {
        var path = Path.Combine(task, "schedstat");
        return File.Exists(path) ? ParseSchedstat(File.ReadAllText(path)) : null;
    }

    /// <summary>One <c>schedstat</c> line: nanoseconds on the CPU, nanoseconds waiting for it, timeslices.</summary>
    public static TimeSpan? ParseSchedstat(string schedstat)
    {
        var end = schedstat.IndexOf(' ', StringComparison.Ordinal);
        return end > 0 && long.TryParse(schedstat.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds)
            ? TimeSpan.FromTicks(nanoseconds / 100)
            : null;
    }

    /// <summary>One <c>stat</c> line: "tid (name) state ppid … utime stime …"; the name may hold spaces and parentheses.</summary>
    public static (string Name, TimeSpan Cpu)? Parse(string stat)
    {
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }
        // After the name: state (field 3) first, so utime (field 14) and stime (field 15) are the 12th and 13th.
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }
        return (stat[(open + 1)..close], TimeSpan.FromSeconds((user + system) / TicksPerSecond));
    }

    /// <summary>Microseconds per message of each thread name between two readings, largest first; threads under 0.01 µs left out.</summary>
    public static Dictionary<string, double> PerMessage(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, long messages) =>
        after.Select(t => (t.Key, Micros: (t.Value - before.GetValueOrDefault(t.Key)).TotalMicroseconds / messages))
            .Where(t => t.Micros >= 0.01)
            .OrderByDescending(t => t.Micros)
            .ToDictionary(t => t.Key, t => Math.Round(t.Micros, 2), StringComparer.Ordinal);
}
