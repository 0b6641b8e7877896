using Ledger.Cli.Bench;

namespace Ledger.Cli.Tests.Bench;

public sealed class ReclaimThreadsTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("ledger-proc-").FullName;

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact]
    public void Read_ProcWithReclaimAndOtherThreads_SumsOnlyTheReclaimThreadsOnCpuTime()
    {
        Process("83", "kdamond.0", "416292185436 224435212418 225969");
        Process("47", "kswapd0", "134524 1312 3");
        Process("38", "kcompactd0", "2149445090 18515414642 129447");
        Process("900", "dotnet", "999999999999 0 1");
        Process("901", "my-kswapd-lookalike", "999999999999 0 1");
        Process("self", "kdamond.0", "999999999999 0 1"); // not a process id
        Directory.CreateDirectory(Path.Combine(_proc, "902")); // ended before its files were read

        var onCpu = ReclaimThreads.Read(_proc);

        Assert.Equal(TimeSpan.FromTicks((416292185436L + 134524L + 2149445090L) / 100), onCpu);
    }

    [Fact]
    public void Read_ThisMachine_ANonNegativeTimeOnLinux()
    {
        var onCpu = ReclaimThreads.Read();

        Assert.Equal(OperatingSystem.IsLinux(), onCpu is not null);
        Assert.True(onCpu is null || onCpu >= TimeSpan.Zero);
    }

    [Theory]
    [InlineData("123 4 5", 123L)]
    [InlineData("123\n", 123L)]
    [InlineData("", null)]
    [InlineData("-5 1 1", null)]
    public void ParseSchedstat_Line_FirstFieldOrNull(string line, long? expected) =>
        Assert.Equal(expected, ReclaimThreads.ParseSchedstat(line));

    private void Process(string pid, string comm, string schedstat)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_proc, pid)).FullName;
        File.WriteAllText(Path.Combine(dir, "comm"), comm + "\n");
        File.WriteAllText(Path.Combine(dir, "schedstat"), schedstat + "\n");
    }
}
