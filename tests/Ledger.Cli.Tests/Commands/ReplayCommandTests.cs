using Ledger.Analytics.Tests.Support;
using Ledger.Cli.Commands;
using Ledger.Cli.Tests.Support;

namespace Ledger.Cli.Tests.Commands;

public sealed class ReplayCommandTests : IDisposable
{
    private readonly TempDataDirectory _data = new();
    private readonly StringWriter _output = new();

    public ReplayCommandTests() => _data.AppendJournal(HandComputedFixture.Records());

    public void Dispose() => _data.Dispose();

    private Task<int> Run(params string[] args) =>
        CommandRunner.RunAsync(new ReplayCommand(_output), ["--data-dir", _data.Path, .. args]);

    private string[] Lines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task RunAsync_Timeline_OrderedLinesWithSpeakerAndReceiver()
    {
        Assert.Equal(0, await Run("--context", "ctx-b"));

        var lines = Lines();
        Assert.Equal(4, lines.Length);
        Assert.EndsWith("2025-12-01T13:00:00.000Z carol [chat]: deploy now", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("2025-12-01T13:20:00.000Z carol → bob [chat]: deploy rollout", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Graph_MermaidWithReplyEdges()
    {
        Assert.Equal(0, await Run("--context", "ctx-b", "--graph"));

        var lines = Lines().Select(l => l.Trim()).ToArray();
        Assert.Equal("graph TD", lines[0]);
        Assert.Equal(["m1 -.-> m2", "m2 -.-> m3", "m3 -.-> m4"], lines.Where(l => l.Contains("->", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_UnknownContext_ExitOne() => Assert.Equal(1, await Run("--context", "nope"));

    [Fact]
    public async Task RunAsync_NoContext_UsageException() => await Assert.ThrowsAsync<UsageException>(() => Run("--graph"));
}
