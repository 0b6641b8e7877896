using Ledger.Cli.Tests.Support;
using Ledger.Core.Retention;

namespace Ledger.Cli.Tests.Commands;

public sealed class ArchiveCommandTests : IDisposable
{
    private readonly SampleDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void CompressListRestore_OldCheckpoint_RoundTripsAndVerifies()
    {
        var old = _data.Seal(3, DateTimeOffset.UtcNow.AddDays(-45));
        _data.Seal(2, DateTimeOffset.UtcNow.AddDays(-1));
        var name = CheckpointArchiver.NameOf(old);
        var original = File.ReadAllBytes(Path.Combine(_data.Layout.Checkpoints, old.Files[0].Name));

        var compress = LedgerCli.Run("archive", "compress", "--data-dir", _data.Root);
        Assert.True(compress.ExitCode == 0, compress.ToString());
        Assert.Contains("2 file(s) archived", compress.Stdout);

        var list = LedgerCli.Run("archive", "list", "--data-dir", _data.Root);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(list.Stdout.Contains(name), list.Stdout);
        var line = Assert.Single(list.Stdout.Split('\n'), l => l.Contains(name));
        Assert.Contains("archived", line);
        Assert.Contains("1..3", line);
        Assert.Equal(0, LedgerCli.Run("verify", "--data-dir", _data.Root).ExitCode);

        var restore = LedgerCli.Run("archive", "restore", name, "--data-dir", _data.Root);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("2 file(s) restored", restore.Stdout);
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(_data.Layout.Checkpoints, old.Files[0].Name)));
    }

    [Fact]
    public void Restore_UnknownName_ExitsOne()
    {
        _data.Seal(1, DateTimeOffset.UtcNow);

        var run = LedgerCli.Run("archive", "restore", "nope", "--data-dir", _data.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no checkpoint named 'nope'", run.Stderr);
    }

    [Fact]
    public void Archive_BadUsage_ExitsTwo()
    {
        Assert.Equal(2, LedgerCli.Run("archive", "--data-dir", _data.Root).ExitCode);
        Assert.Equal(2, LedgerCli.Run("archive", "restore", "--data-dir", _data.Root).ExitCode);
        Assert.Equal(2, LedgerCli.Run("archive", "restore", "x", "--all", "--data-dir", _data.Root).ExitCode);
        Assert.Equal(2, LedgerCli.Run("archive", "shred", "--data-dir", _data.Root).ExitCode);
    }
}
