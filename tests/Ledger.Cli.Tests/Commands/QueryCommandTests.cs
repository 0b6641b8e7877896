using System.Text;
using Ledger.Analytics.Tests.Support;
using Ledger.Cli.Commands;
using Ledger.Cli.Tests.Support;
using Ledger.Core.Records;

namespace Ledger.Cli.Tests.Commands;

public sealed class QueryCommandTests : IDisposable
{
    private readonly TempDataDirectory _data = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _console = new();

    public QueryCommandTests()
    {
        var records = HandComputedFixture.Records();
        _data.WriteSegment("20251201T100000Z_0001", records[..5]);
        _data.AppendJournal(records[5..]);
    }

    public void Dispose() => _data.Dispose();

    private Task<int> Run(params string[] args) =>
        CommandRunner.RunAsync(new QueryCommand(_output, CommandRunner.Console(_console)), ["--data-dir", _data.Path, .. args]);

    private string[] Lines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task RunAsync_FlatWithFilters_TimestampSpeakerChainMessage()
    {
        Assert.Equal(0, await Run("--format", "flat", "--speaker", "carol", "--chain", "deployment_*"));

        Assert.Equal(
            ["2025-12-01T13:00:00.000Z|carol|deployment_ops|deploy now", "2025-12-01T13:20:00.000Z|carol|deployment_ops|deploy rollout"],
            Lines());
    }

    [Fact]
    public async Task RunAsync_JsonlWithLimit_ParsesBackAsRecords()
    {
        await Run("--format", "jsonl", "--text", "LEASE", "--limit", "2");

        var records = Lines().Select(l => LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(l), out var r, out _) ? r : null).ToArray();
        Assert.Equal(["lease design for the context", "agreed on the lease"], records.Select(r => r!.Message));
    }

    [Fact]
    public async Task RunAsync_TierSinceUntil_Window()
    {
        await Run("--format", "flat", "--tier", "E", "--since", "2025-12-01T13:00:00Z", "--until", "2025-12-01T14:00:00Z");

        Assert.Equal(3, Lines().Length);
    }

    [Fact]
    public async Task RunAsync_TableFormat_RowsAndCount()
    {
        await Run("--context", "ctx-b");

        var table = _console.ToString();
        Assert.Contains("deploy rollout", table, StringComparison.Ordinal);
        Assert.Contains("4 matching records", table, StringComparison.Ordinal);
        Assert.DoesNotContain("token review", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Flat_MultilineMessage_OneLine() =>
        Assert.Equal("2025-12-01T10:00:00.000Z|alice|other|a\\nb", FlatLine.Format(Some.Record(message: "a\nb")));

    [Theory]
    [InlineData("--format", "csv")]
    [InlineData("--tier", "X")]
    [InlineData("--limit", "0")]
    [InlineData("--since", "soon")]
    [InlineData("--colour", "red")]
    public async Task RunAsync_InvalidUse_UsageException(params string[] args) =>
        await Assert.ThrowsAsync<UsageException>(() => Run(args));
}
