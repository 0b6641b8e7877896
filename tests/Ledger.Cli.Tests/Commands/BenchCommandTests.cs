using System.Text;
using System.Text.Json;
using Ledger.Cli.Bench;
using Ledger.Cli.Tests.Support;
using Ledger.Core;
using Ledger.Core.Records;

namespace Ledger.Cli.Tests.Commands;

/// <summary>The benchmark runs end to end with a small N: real sender process, real daemon, report and export.</summary>
/// <remarks>It asserts that every stage produced a measurement, never how fast (the machine is shared and noisy).</remarks>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "ledger-bench-test-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task Bench_SmallCount_RunsEveryStageAndWritesJson()
    {
        // Release builds of both: what ./manage.sh bench runs, and the only kind that can record the daemon's JIT profile.
        var (exitCode, stdout, stderr) = await LedgerProcess.RunDllAsync(await ReleaseBuild.CliAsync(), TimeSpan.FromMinutes(5), [],
            "bench", "-n", "2000", "--seconds", "1", "--rate", "500", "--daemon", await ReleaseBuild.DaemonAsync(), "--out", _out);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("durable / raw", stdout, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(_out, "bench_*.json"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var results = json.RootElement;
        Assert.Equal(2000, results.GetProperty("Messages").GetInt64());
        foreach (var measure in new[] { "RawMessagesPerSecond", "RawBeforeMessagesPerSecond", "RawAfterMessagesPerSecond", "DurableMessagesPerSecond", "DurableToRawRatio", "DurableDaemonCpuMicrosecondsPerMessage", "AckedPerSecondWindow1", "AckedPerSecondWindow64", "LatencyP99Ms", "DaemonPeakRssMb", "ReportSeconds", "ExportSeconds", "ExportShareOfJsonl" })
        {
            Assert.True(results.GetProperty(measure).GetDouble() > 0, $"{measure} was not measured");
        }
        // A checkpoint of everything the run persisted (the 2,000, the first acks, the acked and latency runs) was
        // sealed before the daemon stopped, and the peak memory with it is the larger.
        Assert.True(results.GetProperty("CheckpointSealRecords").GetInt64() >= 2000 + 5 + 400, "the seal missed records");
        Assert.True(results.GetProperty("CheckpointSealSeconds").GetDouble() > 0);
        Assert.True(results.GetProperty("DaemonPeakRssWithSealMb").GetDouble() >= results.GetProperty("DaemonPeakRssMb").GetDouble());
        Assert.Contains("with a checkpoint seal", stdout, StringComparison.Ordinal);
        // Acked messages kept coming while it ran: at least one, each measured.
        Assert.True(results.GetProperty("SealLatencySamples").GetInt64() >= 1);
        Assert.True(results.GetProperty("SealLatencyP99Ms").GetDouble() > 0);
        Assert.Contains("latency during the seal", stdout, StringComparison.Ordinal);
        // Five acked round trips to the daemon just started, before the durable run (which then waits for N + 5).
        var firstAcks = results.GetProperty("FirstAcksMs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(5, firstAcks.Length);
        Assert.All(firstAcks, ms => Assert.True(ms > 0, $"first acks: {string.Join(", ", firstAcks)}"));
        Assert.Contains("first acks after start", stdout, StringComparison.Ordinal);
        // The ceiling pools the raw runs on each side of the durable one, so it lies between them.
        var (before, after) = (results.GetProperty("RawBeforeMessagesPerSecond").GetDouble(), results.GetProperty("RawAfterMessagesPerSecond").GetDouble());
        Assert.InRange(results.GetProperty("RawMessagesPerSecond").GetDouble(), Math.Min(before, after) * 0.999, Math.Max(before, after) * 1.001);
        Assert.Equal(results.GetProperty("DurableMessagesPerSecond").GetDouble() / results.GetProperty("RawMessagesPerSecond").GetDouble(),
            results.GetProperty("DurableToRawRatio").GetDouble(), 6);
        Assert.True(results.GetProperty("LatencySamples").GetInt64() >= 400);
        // Which commits the receive thread made itself: a share of the acked run's commits, a count within the latency run's.
        Assert.InRange(results.GetProperty("AckedWindow1ReceiveThreadCommitShare").GetDouble(), 0, 1);
        Assert.InRange(results.GetProperty("LatencyRunReceiveThreadCommits").GetInt64(), 0, results.GetProperty("LatencyRunCommits").GetInt64());
        // The daemon ran as manage.sh start runs it, with config/runtime.env's settings and a JIT profile of this build.
        var daemonEnvironment = results.GetProperty("DaemonRuntimeEnvironment").GetString();
        Assert.Contains("DOTNET_GCgen0size=", daemonEnvironment, StringComparison.Ordinal);
        Assert.Contains("DOTNET_TieredPGO=0 DOTNET_ReadPGOData=1 DOTNET_PGODataPath=", daemonEnvironment, StringComparison.Ordinal);
        Assert.True(results.GetProperty("DurableGcCount").GetInt64() >= 0);
        // Where the pipeline waited during the durable run, from the daemon's /metrics: every wait and the journal's
        // busy share, each a share of the run (a commit straddling the window's edges may add a little).
        Assert.Contains("journal busy / waits", stdout, StringComparison.Ordinal);
        var waits = results.GetProperty("DurableWaitShares").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["journal busy", "receive on process", "process on receive", "process on enrich", "process on journal", "journal on process"], waits.Keys);
        Assert.All(waits.Values, share => Assert.InRange(share, 0, 1.5));
        Assert.True(waits["journal busy"] > 0, "the durable run's fsyncs were not seen");
        if (OperatingSystem.IsLinux())
        {
            // The whole machine did at least the daemon's work (and the sender's) during the durable run.
            Assert.Contains("machine CPU per message", stdout, StringComparison.Ordinal);
            Assert.True(results.GetProperty("DurableMachineCpuMicrosecondsPerMessage").GetDouble() > 0);
            var busyCores = results.GetProperty("DurableMachineBusyCores").GetDouble();
            Assert.True(busyCores >= 0.01, $"busy cores {busyCores}");
            // No more than the machine has, over a window long enough to say so: /proc/stat counts in 10 ms ticks,
            // and a tickless kernel books a core's time when its tick resumes, so over the ~0.2 s that 2,000 messages
            // take a Release daemon 2.8 "busy cores" were read on 2 (a Debug daemon used to take longer).
            if (results.GetProperty("DurableSeconds").GetDouble() >= 2)
            {
                Assert.InRange(busyCores, 0.01, results.GetProperty("Cores").GetInt32() + 0.5);
            }
            // The daemon's threads were read (2,000 messages may take less than a 10 ms tick of any one of them).
            Assert.Equal(JsonValueKind.Object, results.GetProperty("DurableThreadCpuMicrosecondsPerMessage").ValueKind);
            // And again around the latency run, which is long enough (a second or more) for the receive thread to show:
            // at a moderate rate it processes and commits most bursts itself (docs/OPERATIONS.md).
            var latencyThreads = results.GetProperty("LatencyRunThreadCpuMicrosecondsPerMessage");
            Assert.Equal(JsonValueKind.Object, latencyThreads.ValueKind);
            Assert.True(latencyThreads.TryGetProperty("ledger-receive", out var receive) && receive.GetDouble() > 0, latencyThreads.ToString());
        }
    }

    [Fact]
    public async Task Bench_DataDirectory_EveryPhaseSendsThatJournalsMessages()
    {
        // A journal of texts the bench's own never have: several scripts, an emoji, quotes and a line break.
        var journal = Path.Combine(_out, "journal");
        Directory.CreateDirectory(journal);
        string[] texts =
        [
            "デプロイは完了しました。ステージングで確認してください。",
            "Die Änderungen am Schema sind geprüft; bitte \"jetzt\" zusammenführen.",
            "Миграция базы данных завершена, тесты проходят 🚀",
            "部署已完成。\n请检查日志。",
        ];
        await File.WriteAllTextAsync(new DataDirectoryLayout(journal).Journal, string.Concat(texts.Select((text, i) => LedgerRecordJson.ToJson(new LedgerRecord
        {
            Id = $"id-{i}",
            Sequence = i + 1,
            Timestamp = new DateTime(2026, 1, 1, 12, 0, i, DateTimeKind.Utc),
            ReceivedAt = new DateTime(2026, 1, 1, 12, 0, i, DateTimeKind.Utc),
            SpeakerName = "planner",
            Message = text,
            Source = "pull",
        }) + "\n")), new UTF8Encoding(false));

        var (exitCode, stdout, stderr) = await LedgerProcess.RunDllAsync(await ReleaseBuild.CliAsync(), TimeSpan.FromMinutes(5), [],
            "bench", "-n", "2000", "--seconds", "1", "--rate", "500", "--data-dir", journal, "--daemon", await ReleaseBuild.DaemonAsync(), "--out", _out);

        // The durable phase ends only when the daemon has journaled all 2,000, so none of them was rejected.
        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(_out, "bench_*.json"))));
        var results = json.RootElement;
        Assert.Equal(journal, results.GetProperty("MessageSource").GetString());
        // The raw runs received exactly the journal's frames, in turn: their mean size says so to the byte.
        var templates = JournalPayloads.Templates(journal, "raw", 1000);
        Assert.Equal(Enumerable.Range(0, 2000).Average(i => templates[i % templates.Length].Length), results.GetProperty("AverageMessageBytes").GetDouble(), 6);
        foreach (var measure in new[] { "DurableMessagesPerSecond", "AckedPerSecondWindow1", "AckedPerSecondWindow64", "LatencyP99Ms", "ReportSeconds", "ExportSeconds" })
        {
            Assert.True(results.GetProperty(measure).GetDouble() > 0, $"{measure} was not measured");
        }
    }

    [Fact]
    public void Bench_MalformedRuntimeEnvLine_ErrorNamingFileAndLineExit1()
    {
        // A project root of its own whose config/runtime.env has a line that is not KEY=VALUE: the bench stops
        // before it starts anything, with the file's line, as an error rather than a crash with a stack trace.
        var (root, daemon) = ProjectRootOfItsOwn();
        File.WriteAllText(Path.Combine(root, "config", "runtime.env"), "# settings\nDOTNET_GCgen0size=0x1000000\nnot a setting\n");

        var run = LedgerCli.RunIn(root, "bench", "-n", "100", "--daemon", daemon, "--out", Path.Combine(_out, "reports"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("runtime.env:3: expected KEY=VALUE", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_DataDirectoryWithoutJournal_ErrorNamingItExit1()
    {
        var (root, daemon) = ProjectRootOfItsOwn();
        var empty = Directory.CreateDirectory(Path.Combine(_out, "empty")).FullName;

        var run = LedgerCli.RunIn(root, "bench", "-n", "100", "--data-dir", empty, "--daemon", daemon, "--out", Path.Combine(_out, "reports"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"no journal records in '{empty}'", run.Stderr, StringComparison.Ordinal);
        // Before any phase or child process started (a sender would also fail on it, later and less plainly).
        Assert.DoesNotContain("[bench]", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_out, "reports")), "nothing was measured, so nothing is written");
    }

    /// <summary>A project root for the CLI to find (config/appsettings.json) and a daemon file these tests never start.</summary>
    private (string Root, string Daemon) ProjectRootOfItsOwn()
    {
        var root = Path.Combine(_out, "root");
        Directory.CreateDirectory(Path.Combine(root, "config"));
        File.WriteAllText(Path.Combine(root, "config", "appsettings.json"), "{}");
        var daemon = Path.Combine(root, "Ledger.Daemon.dll");
        File.WriteAllText(daemon, "never started");
        return (root, daemon);
    }
}
