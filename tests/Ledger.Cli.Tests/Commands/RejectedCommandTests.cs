using Ledger.Cli.Tests.Support;

namespace Ledger.Cli.Tests.Commands;

public sealed class RejectedCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ledger-rejected-" + Guid.NewGuid().ToString("N")[..8]);

    public RejectedCommandTests()
    {
        Directory.CreateDirectory(_dir);
        var lines = new[]
        {
            """{"ReceivedAt":"2026-01-01T00:00:00.000Z","Source":"pull","Topic":null,"Reason":"frame is a JSON array, expected an object","RawBase64":"WzEsMl0="}""",
            """{"ReceivedAt":"2026-01-01T00:00:01.000Z","Source":"sub","Topic":"agents","Reason":"invalid UTF-8 at byte 1","RawBase64":"e8Mo"}""",
        };
        File.WriteAllLines(Path.Combine(_dir, "rejected.jsonl"), lines);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Rejected_DeadLetters_ListsReasonSourceAndReadablePreview()
    {
        var (exitCode, stdout, _) = await LedgerProcess.RunAsync("rejected", "--data-dir", _dir);

        Assert.Equal(0, exitCode);
        Assert.Contains("2026-01-01T00:00:00.000Z  pull  frame is a JSON array, expected an object", stdout, StringComparison.Ordinal);
        Assert.Contains("    [1,2]", stdout, StringComparison.Ordinal);
        Assert.Contains("sub/agents  invalid UTF-8 at byte 1", stdout, StringComparison.Ordinal);
        Assert.Contains("{\\xC3(", stdout, StringComparison.Ordinal);
        Assert.Contains("(2 shown of 2 rejected", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_LastOneRaw_PrintsExactBase64()
    {
        var (exitCode, stdout, _) = await LedgerProcess.RunAsync("rejected", "-n", "1", "--raw", "--data-dir", _dir);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("JSON array", stdout, StringComparison.Ordinal);
        Assert.Contains("    e8Mo", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_BadCount_ExitsTwo()
    {
        var (exitCode, _, stderr) = await LedgerProcess.RunAsync("rejected", "-n", "many", "--data-dir", _dir);
        Assert.Equal(2, exitCode);
        Assert.Contains("-n", stderr + "--lines", StringComparison.Ordinal);
    }
}
