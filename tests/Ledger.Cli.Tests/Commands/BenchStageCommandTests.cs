using System.Text.Json;
using Ledger.Cli.Tests.Support;

namespace Ledger.Cli.Tests.Commands;

/// <summary>The processing-stage benchmark runs with a small N; it asserts that rounds were measured, never how fast.</summary>
public sealed class BenchStageCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "ledger-bench-stage-test-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task BenchStage_SmallCount_MeasuresEveryRoundCompiledAsTheDaemonIs()
    {
        // A Release build: what the daemon runs, and the only kind that can record the JIT profile it is run with.
        var (exitCode, stdout, stderr) = await LedgerProcess.RunDllAsync(await ReleaseBuild.CliAsync(),
            TimeSpan.FromMinutes(3), [], "bench-stage", "-n", "3000", "--rounds", "3", "--batch", "500", "--workers", "2", "--out", _out);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("median", stdout, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(_out, "stage_*.json"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var results = json.RootElement;
        Assert.Equal(3000, results.GetProperty("Messages").GetInt32());
        Assert.Equal(2, results.GetProperty("Workers").GetInt32());
        var cpu = results.GetProperty("CpuMicrosecondsPerMessage").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var wall = results.GetProperty("WallMicrosecondsPerMessage").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(3, cpu.Length);
        Assert.Equal(3, wall.Length);
        Assert.All(wall, v => Assert.True(v > 0));
        Assert.Equal(wall.Min(), results.GetProperty("MinWallMicrosecondsPerMessage").GetDouble());
        Assert.Equal(cpu.Order().ElementAt(1), results.GetProperty("MedianCpuMicrosecondsPerMessage").GetDouble());
        // The test process runs with tiered compilation; the command re-ran itself without it, as the daemon compiles.
        Assert.Contains("DOTNET_TieredCompilation=0", results.GetProperty("RuntimeEnvironment").GetString(), StringComparison.Ordinal);
        // ... and with config/runtime.env's settings, which the runtime reads from the environment only.
        Assert.Contains("DOTNET_GCgen0size=", results.GetProperty("RuntimeEnvironment").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Ledger.Cli.Bench.RuntimeEnvFile.NotSet, results.GetProperty("RuntimeEnvironment").GetString(), StringComparison.Ordinal);
        // ... and with a JIT profile of this build, recorded first into a file the command removes again.
        var environment = results.GetProperty("RuntimeEnvironment").GetString()!;
        Assert.Contains("DOTNET_TieredPGO=0 DOTNET_ReadPGOData=1 DOTNET_PGODataPath=", environment, StringComparison.Ordinal);
        Assert.False(File.Exists(environment[(environment.IndexOf("DOTNET_PGODataPath=", StringComparison.Ordinal) + 19)..].Split(' ')[0]));
    }

    [Fact]
    public async Task BenchStage_DataDir_RunsTheJournalsMessages()
    {
        using var data = new SampleDataDirectory();
        data.Seal(30, DateTimeOffset.UtcNow);

        var (exitCode, stdout, stderr) = await LedgerProcess.RunDllAsync(await ReleaseBuild.CliAsync(),
            TimeSpan.FromMinutes(3), [], "bench-stage", "-n", "1000", "--rounds", "1", "--data-dir", data.Root, "--out", _out);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains($"messages of the journal in {data.Root}", stdout, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(_out, "stage_*.json"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(data.Root, json.RootElement.GetProperty("MessageSource").GetString());
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--workers", "x")]
    [InlineData("--rules", "/nonexistent/enrichment.json")]
    [InlineData("--data-dir", "/nonexistent/data")]
    public async Task BenchStage_BadOption_PrintsUsageAndExits2(string option, string value)
    {
        var (exitCode, _, stderr) = await LedgerProcess.RunAsync("bench-stage", option, value, "--out", _out);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: ledger bench-stage", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out), "nothing is measured or written on a usage error");
    }
}
