using System.Globalization;

namespace Ledger.Cli.Bench;

/// <summary>
/// The whole machine's CPU time from <c>/proc/stat</c> (every process, the kernel, interrupts), to tell how busy the
/// cores were during a run and what a message cost in total, the sender and the kernel's TCP work included.
/// </summary>
/// <remarks>
/// Why the bench reports it: the sender, libzmq's threads and the daemon share the same cores, so the daemon's own
/// CPU per message says what it costs, and this says whether the machine had any left to give (Linux only).
/// </remarks>
internal readonly record struct MachineCpu(TimeSpan Busy, TimeSpan Stolen)
{
    // USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture the daemon runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The counters now, or null where <c>/proc/stat</c> does not exist.</summary>
    public static MachineCpu? Read()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/stat"))
        {
            return null;
        }
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": the first line sums all cores.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => i < fields.Length ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7);
        return new MachineCpu(TimeSpan.FromSeconds(busy / TicksPerSecond), TimeSpan.FromSeconds(Field(8) / TicksPerSecond));
    }

    public static MachineCpu operator -(MachineCpu after, MachineCpu before) => new(after.Busy - before.Busy, after.Stolen - before.Stolen);
}
