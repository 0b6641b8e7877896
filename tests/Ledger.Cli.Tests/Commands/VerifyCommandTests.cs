using Ledger.Cli.Tests.Support;

namespace Ledger.Cli.Tests.Commands;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly SampleDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Verify_CleanDirectory_PrintsOkAndExitsZero()
    {
        _data.Seal(4, DateTimeOffset.UtcNow);

        var run = LedgerCli.Run("verify", "--data-dir", _data.Root);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("OK: 4 records in 1 files, 1 checkpoints verified", run.Stdout.Trim());
    }

    [Fact]
    public void Verify_CorruptedLine_PrintsFailedWithPositionAndExitsOne()
    {
        File.WriteAllText(_data.Layout.Journal, "not json\n");

        var run = LedgerCli.Run("verify", "--data-dir", _data.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("FAILED: 1 problem(s)", run.Stdout);
        Assert.Contains("error: current_session.jsonl:1: not a valid journal record", run.Stdout);
    }

    [Fact]
    public void Verify_UnknownOptionOrMissingDirectory_ExitsTwo()
    {
        Assert.Equal(2, LedgerCli.Run("verify", "--bogus").ExitCode);
        Assert.Equal(2, LedgerCli.Run("verify", "--data-dir", Path.Combine(_data.Root, "nope")).ExitCode);
    }
}
