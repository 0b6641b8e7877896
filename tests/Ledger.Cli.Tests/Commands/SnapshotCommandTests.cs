using Ledger.Analytics.Tests.Support;
using Ledger.Cli.Commands;
using Ledger.Cli.Tests.Support;

namespace Ledger.Cli.Tests.Commands;

public sealed class SnapshotCommandTests : IDisposable
{
    private readonly TempDataDirectory _data = new();
    private readonly StringWriter _console = new();

    public SnapshotCommandTests() => _data.AppendJournal(HandComputedFixture.Records());

    public void Dispose() => _data.Dispose();

    private Task<int> Run(params string[] args) =>
        CommandRunner.RunAsync(new SnapshotCommand(CommandRunner.Console(_console)), ["--data-dir", _data.Path, .. args]);

    [Fact]
    public async Task RunAsync_ShortK_SplitsRecentAndArchive()
    {
        var output = Path.Combine(_data.Path, "snap");

        Assert.Equal(0, await Run("--context", "ctx-a", "-k", "2", "--out", output));

        var communication = File.ReadAllText(Path.Combine(output, "communication.md"));
        var archive = File.ReadAllText(Path.Combine(output, "archive.md"));
        Assert.Contains("> token review", communication, StringComparison.Ordinal);
        Assert.Contains("> token lease fix", communication, StringComparison.Ordinal);
        Assert.Contains("**carol** → alice · 2025-12-01T11:10:00.000Z", communication, StringComparison.Ordinal);
        Assert.DoesNotContain("> ok", communication, StringComparison.Ordinal);
        Assert.True(archive.IndexOf("> lease design", StringComparison.Ordinal) < archive.IndexOf("> ok", StringComparison.Ordinal));
        Assert.Contains("(2 messages)", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingContext_UsageException() =>
        await Assert.ThrowsAsync<UsageException>(() => Run("-k", "3"));

    [Fact]
    public async Task RunAsync_ZeroK_UsageException() =>
        await Assert.ThrowsAsync<UsageException>(() => Run("--context", "ctx-a", "--last", "0"));

    [Theory]
    [InlineData("ctx/../x", "ctx_.._x")]
    [InlineData("..", "_")]
    [InlineData("plain", "plain")]
    public void SafeName_PathCharacters_Replaced(string context, string expected) =>
        Assert.Equal(expected, SnapshotCommand.SafeName(context));
}
