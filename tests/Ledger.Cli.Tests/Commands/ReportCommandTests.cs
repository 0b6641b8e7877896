using System.Text.Json;
using Ledger.Analytics.Tests.Support;
using Ledger.Cli.Commands;
using Ledger.Cli.Tests.Support;

namespace Ledger.Cli.Tests.Commands;

public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDataDirectory _data = new();
    private readonly StringWriter _console = new();

    public ReportCommandTests() => _data.AppendJournal(HandComputedFixture.Records());

    public void Dispose() => _data.Dispose();

    private ReportCommand Command() =>
        new(CommandRunner.Console(_console), new FixedTime(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)));

    [Fact]
    public async Task RunAsync_AllFormats_WritesThreeTimestampedFilesAndSummary()
    {
        var output = Path.Combine(_data.Path, "out");

        var exit = await CommandRunner.RunAsync(Command(), "--data-dir", _data.Path, "--out", output);

        Assert.Equal(0, exit);
        Assert.Equal(
            ["analytics_report_20260102_030405.html", "analytics_report_20260102_030405.json", "analytics_report_20260102_030405.md"],
            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "analytics_report_20260102_030405.json")));
        Assert.Equal(71.62, json.RootElement.GetProperty("collaboration_score").GetProperty("score").GetDouble());
        var text = _console.ToString();
        Assert.Contains("Collaboration score", text, StringComparison.Ordinal);
        Assert.Contains("71.62", text, StringComparison.Ordinal);
        Assert.Contains("wrote ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ContextAndFormatJson_OnlyJsonForThatContext()
    {
        var output = Path.Combine(_data.Path, "out");

        await CommandRunner.RunAsync(Command(), "--data-dir", _data.Path, "--out", output, "--format", "json", "--context", "ctx-b",
            "--from", "2025-12-01T00:00:00Z", "--to", "2025-12-02");

        var file = Assert.Single(Directory.GetFiles(output));
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(4, json.RootElement.GetProperty("totals").GetProperty("messages").GetInt32());
        Assert.Equal("ctx-b", json.RootElement.GetProperty("context_filter").GetString());
    }

    [Theory]
    [InlineData("--format", "json,xml")]
    [InlineData("--from", "2025-12-02", "--to", "2025-12-01")]
    [InlineData("--from", "not-a-time")]
    [InlineData("--session-gap-minutes", "0")]
    [InlineData("stray")]
    public async Task RunAsync_InvalidUse_UsageException(params string[] args)
    {
        await Assert.ThrowsAsync<UsageException>(() => CommandRunner.RunAsync(Command(), ["--data-dir", _data.Path, .. args]));
    }

    [Fact]
    public async Task Process_BadFormat_ExitCodeTwoWithUsage()
    {
        var (exit, _, stderr) = await LedgerProcess.RunAsync("report", "--data-dir", _data.Path, "--format", "pdf");

        Assert.Equal(2, exit);
        Assert.Contains("usage: ledger report", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_Help_ExitZeroListsOptions()
    {
        var (exit, stdout, _) = await LedgerProcess.RunAsync("report", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--format LIST", stdout, StringComparison.Ordinal);
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
