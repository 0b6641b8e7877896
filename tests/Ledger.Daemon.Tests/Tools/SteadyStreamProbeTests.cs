using System.Text.Json;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Daemon.Tests.Tools;

/// <summary><c>tools/bench/steady_stream.py</c> against a real daemon: it sends what it says and reads the daemon's threads.</summary>
public sealed class SteadyStreamProbeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Script => Path.Combine(RepoPaths.Root, "tools", "bench", "steady_stream.py");

    [Fact]
    public async Task Probe_ShortRunAtALowRate_EveryMessageStoredAndTheDaemonsThreadsReported()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the probe reads /proc
        }
        await using var daemon = await DaemonProcess.StartAsync(_temp.Combine("data"));
        using var probe = PythonPeer.StartFile(Script, "--endpoint", daemon.PullEndpoint, "--pid", daemon.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--rate", "2000", "--seconds", "1", "--warmup", "0.2");
        await probe.CompleteAsync();

        var summary = JsonDocument.Parse(probe.Output.Trim().Split('\n')[^1]).RootElement;
        var measured = summary.GetProperty("messages").GetInt64();
        Assert.InRange(measured, 1500, 2100);
        Assert.True(summary.GetProperty("cpu_us_per_message").GetDouble() > 0, probe.Output);
        Assert.True(summary.GetProperty("threads").TryGetProperty("ledger-receive", out _), $"no receive thread in:\n{probe.Output}");
        // Warm-up and measured messages alike are stored, each once.
        await daemon.WaitForSequenceAsync(measured);
        var ids = Ledger.Core.Journal.JournalReader.ReadFile(daemon.JournalPath).Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("steady-", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probe_NoPid_ExitsTwoWithUsage()
    {
        using var probe = PythonPeer.StartFile(Script, "--endpoint", "tcp://127.0.0.1:9");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => probe.CompleteAsync());
        Assert.Contains("exited 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("usage:", probe.Output, StringComparison.Ordinal);
    }
}
