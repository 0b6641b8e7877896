using System.Text.Json;
using Ledger.Cli.Tests.Support;

namespace Ledger.Cli.Tests.Commands;

public sealed class StatsCommandTests : IDisposable
{
    private readonly SampleDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Stats_Json_ReportsJournalRangeAndCheckpoints()
    {
        _data.Seal(3, DateTimeOffset.UtcNow);
        _data.Seal(2, DateTimeOffset.UtcNow.AddMinutes(5));

        var run = LedgerCli.Run("stats", "--json", "--data-dir", _data.Root);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var journal = json.RootElement.GetProperty("Journal");
        Assert.Equal(5, journal.GetProperty("Records").GetInt64());
        Assert.Equal(1, journal.GetProperty("FirstSequence").GetInt64());
        Assert.Equal(5, journal.GetProperty("LastSequence").GetInt64());
        Assert.Equal(new FileInfo(_data.Layout.Journal).Length, journal.GetProperty("Bytes").GetInt64());
        Assert.Equal(2, json.RootElement.GetProperty("Checkpoints").GetProperty("Count").GetInt32());
    }

    [Fact]
    public void Stats_Table_ListsEveryArea()
    {
        _data.Seal(3, DateTimeOffset.UtcNow);

        var run = LedgerCli.Run("stats", "--data-dir", _data.Root);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var area in new[] { "journal", "segments", "checkpoints", "archive", "rejected", "recovered", "total" })
        {
            Assert.Contains(area, run.Stdout);
        }
        Assert.Contains("3 records; Sequence 1..3", run.Stdout);
    }
}
