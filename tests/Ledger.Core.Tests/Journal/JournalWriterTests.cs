using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Journal;

public sealed class JournalWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AppendDurable_ThenReopen_RecordsRecoveredAndSequencePublished()
    {
        var layout = new DataDirectoryLayout(_dir.Path);
        using (var writer = new JournalWriter(layout, PhysicalJournalFileSystem.Instance, 0))
        {
            var lines = SomeRecord.Line(SomeRecord.With(1)) + SomeRecord.Line(SomeRecord.With(2));
            writer.AppendDurable(Encoding.UTF8.GetBytes(lines), 2, "{\"Reason\":\"bad\"}\n"u8);
            Assert.Equal(2, writer.LastDurableSequence);
        }

        var result = JournalRecovery.Recover(layout.Journal, layout.Recovered, DateTime.UtcNow);
        Assert.Equal(2, result.LastSequence);
        Assert.Equal(2, result.RecordCount);
        Assert.Equal("{\"Reason\":\"bad\"}\n", File.ReadAllText(layout.Rejected));
    }

    [Fact]
    public void AppendDurable_WriteFailsWithDiskFull_UndoesPartialWriteAndKeepsSequence()
    {
        var layout = new DataDirectoryLayout(_dir.Path);
        var fileSystem = new FaultyFileSystem();
        using var writer = new JournalWriter(layout, fileSystem, 0);
        writer.AppendDurable(Encoding.UTF8.GetBytes(SomeRecord.Line(SomeRecord.With(1))), 1, default);
        var before = File.ReadAllBytes(layout.Journal);

        fileSystem.FailNextAppendAfterBytes = 10;
        Assert.Throws<IOException>(() => writer.AppendDurable(Encoding.UTF8.GetBytes(SomeRecord.Line(SomeRecord.With(2))), 2, default));

        Assert.Equal(before, File.ReadAllBytes(layout.Journal));
        Assert.Equal(1, writer.LastDurableSequence);
    }

    [Fact]
    public void AppendDurable_FsyncFails_ThrowsFatalAndDoesNotPublish()
    {
        var layout = new DataDirectoryLayout(_dir.Path);
        var fileSystem = new FaultyFileSystem();
        using var writer = new JournalWriter(layout, fileSystem, 0);
        fileSystem.FailNextFlush = true;

        Assert.Throws<JournalFsyncException>(() => writer.AppendDurable(Encoding.UTF8.GetBytes(SomeRecord.Line(SomeRecord.With(1))), 1, default));
        Assert.Equal(0, writer.LastDurableSequence);
    }

    [Fact]
    public void Acquire_SecondLockOnSameDirectory_ThrowsNamingTheDirectory()
    {
        var layout = new DataDirectoryLayout(_dir.Path);
        using var first = DirectoryLock.Acquire(layout.LockFile);
        var ex = Assert.Throws<DataDirectoryLockedException>(() => DirectoryLock.Acquire(layout.LockFile));
        Assert.Contains(_dir.Path, ex.Message, StringComparison.Ordinal);
        first.Dispose();
        using var again = DirectoryLock.Acquire(layout.LockFile);
    }
}
