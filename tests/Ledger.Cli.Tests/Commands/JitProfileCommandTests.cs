using Ledger.Cli.Bench;
using Ledger.Cli.Tests.Support;

namespace Ledger.Cli.Tests.Commands;

/// <summary>
/// <c>ledger jit-profile</c> records a profile the runtime really reads back: checked through the JIT's own summary of
/// what it compiled, not through speed. A Release build records (the JIT neither optimizes nor counts a Debug build).
/// </summary>
public sealed class JitProfileCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ledger-jit-profile-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task JitProfile_SmallCount_RecordsTheProcessingStage()
    {
        var file = Path.Combine(_dir, "sub", JitProfile.FileName);

        var (exitCode, stdout, stderr) = await RecordAsync(file);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("JIT profile recorded", stdout, StringComparison.Ordinal);
        Assert.Null(JitProfile.Problem(file));
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("MethodName: Ledger.Core.Enrichment.MetadataEnricher.EnrichLowered", text, StringComparison.Ordinal);
        Assert.Contains("MethodName: Ledger.Core.Records.SeedFrameScanner.TryScanObject", text, StringComparison.Ordinal);
        Assert.Equal([file], Directory.GetFiles(Path.GetDirectoryName(file)!)); // the recording was moved into place
    }

    [Fact]
    public async Task JitProfile_ReadBackWithoutTiers_LedgerMethodsCompiledWithItsCounts()
    {
        var file = Path.Combine(_dir, JitProfile.FileName);
        var (recorded, _, recordErrors) = await RecordAsync(file);
        Assert.True(recorded == 0, recordErrors);

        // The stage compiled as the daemon compiles it (no tiers), once with the profile's settings and once without;
        // the JIT lists every method it compiled and where its counts came from.
        var withProfile = await CompiledMethods([.. JitProfile.ReadSettings(file)], "with");
        var without = await CompiledMethods([], "without");

        Assert.Contains(withProfile, line => line.Contains(" Ledger.Core.", StringComparison.Ordinal) && line.Contains("with Textual PGO", StringComparison.Ordinal));
        Assert.DoesNotContain(without, line => line.Contains("Textual PGO", StringComparison.Ordinal));
        Assert.Contains(without, line => line.Contains("Ledger.Core.Enrichment.MetadataEnricher:EnrichLowered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JitProfile_DataDir_RecordsFromTheJournalsMessages()
    {
        using var data = new SampleDataDirectory();
        data.Seal(50, DateTimeOffset.UtcNow);
        var file = Path.Combine(_dir, JitProfile.FileName);

        var (exitCode, stdout, stderr) = await RecordAsync(file, "--data-dir", data.Root);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains($"messages of the journal in {data.Root}", stderr, StringComparison.Ordinal);
        Assert.Null(JitProfile.Problem(file));
    }

    [Fact]
    public async Task JitProfile_DataDirWithoutJournal_FailsNamingIt()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var file = Path.Combine(_dir, JitProfile.FileName);

        var (exitCode, _, stderr) = await RecordAsync(file, "--data-dir", empty);

        Assert.Equal(1, exitCode);
        Assert.Contains("no journal records", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task JitProfile_DamagedFile_StageCompilesAndRunsAnyway()
    {
        // A profile cut short mid-method, with type names no assembly has and a garbage tail: the runtime skips what
        // it cannot use. A damaged or stale file may cost speed, never a start.
        var file = Path.Combine(_dir, JitProfile.FileName);
        var (recorded, _, recordErrors) = await RecordAsync(file);
        Assert.True(recorded == 0, recordErrors);
        var text = await File.ReadAllTextAsync(file);
        var damaged = text[..(text.Length / 2)].Replace("TypeHandle: Ledger.", "TypeHandle: Missing.", StringComparison.Ordinal) + "\n@@@ codehash zz\nnot a profile line\n";
        await File.WriteAllTextAsync(file, damaged);

        var lines = await CompiledMethods([.. JitProfile.ReadSettings(file)], "damaged");

        Assert.Contains(lines, line => line.Contains("Ledger.Core.Enrichment.MetadataEnricher:EnrichLowered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JitProfile_ThisBuild_RecordsOnlyWhenOptimized()
    {
        // The tests' own build: Debug under ./manage.sh test, where the command must refuse clearly; Release otherwise.
        var file = Path.Combine(_dir, "this-build.jitprofile");

        var (exitCode, stdout, stderr) = await LedgerProcess.RunAsync(TimeSpan.FromMinutes(3), "jit-profile", "--out", file, "-n", "2000", "--rounds", "1");

        if (JitProfile.IsOptimizedBuild)
        {
            Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
            Assert.Null(JitProfile.Problem(file));
        }
        else
        {
            Assert.Equal(1, exitCode);
            Assert.Contains("a Debug build cannot record a JIT profile", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(file));
        }
    }

    [Fact]
    public async Task JitProfile_OutIsADirectory_PrintsUsageAndExits2()
    {
        var (exitCode, _, stderr) = await LedgerProcess.RunAsync("jit-profile", "--out", _dir);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: ledger jit-profile", stderr, StringComparison.Ordinal);
        Assert.Contains("--out names a directory", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("-n", "many")]
    [InlineData("--rules", "/nonexistent/enrichment.json")]
    [InlineData("--data-dir", "/nonexistent/data")]
    public async Task JitProfile_BadOption_PrintsUsageAndExits2(string option, string value)
    {
        var file = Path.Combine(_dir, "never.jitprofile");

        var (exitCode, _, stderr) = await LedgerProcess.RunAsync("jit-profile", "--out", file, option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: ledger jit-profile", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file), "nothing is recorded on a usage error");
    }

    /// <summary>Records a small profile into <paramref name="file"/> with the Release CLI (the only kind that can).</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RecordAsync(string file, params string[] more) =>
        await LedgerProcess.RunDllAsync(await ReleaseBuild.CliAsync(), TimeSpan.FromMinutes(3), [],
            ["jit-profile", "--out", file, "-n", "2000", "--rounds", "1", .. more]);

    /// <summary>The JIT's one-line summaries of what a no-tiers <c>bench-stage</c> run compiled under <paramref name="settings"/>.</summary>
    private async Task<string[]> CompiledMethods(KeyValuePair<string, string>[] settings, string name)
    {
        var summary = Path.Combine(_dir, $"jit-{name}.txt");
        var (exitCode, stdout, stderr) = await LedgerProcess.RunDllAsync(await ReleaseBuild.CliAsync(), TimeSpan.FromMinutes(3),
            [
                .. settings,
                new("DOTNET_TieredCompilation", "0"),
                new("DOTNET_JitStdOutFile", summary),
                new("DOTNET_JitDisasmSummary", "1"),
            ],
            "bench-stage", "-n", "1000", "--rounds", "1", "--out", Path.Combine(_dir, "stage"));
        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        return await File.ReadAllLinesAsync(summary);
    }
}
