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
    public void AppendDurable_ManyBatches_SyncedPagesLeaveThePageCache()
    {
        if (!ResidentPages.DropIsObservable(_dir.Path))
        {
            return; // not Linux, or tmpfs: the pages stay (only speed differs), and mincore cannot tell
        }
        var layout = new DataDirectoryLayout(_dir.Path);
        var batch = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 100).Select(i => SomeRecord.Line(SomeRecord.With(i)))));
        var control = _dir.Combine("control.jsonl");
        using (var writer = new JournalWriter(layout, PhysicalJournalFileSystem.Instance, 0))
        using (var plain = new FileStream(control, FileMode.Create, FileAccess.Write))
        {
            for (var i = 0; i < 20; i++)
            {
                writer.AppendDurable(batch, (i + 1) * 100, default);
                plain.Write(batch);
                plain.Flush(flushToDisk: true);
            }

            // The same bytes written the plain way stay cached; the journal keeps at most the bytes synced since its last
            // drop (under PhysicalJournalFileSystem.DropEveryBytes), the partial last page (the next append writes into
            // it; dropped, it would be read back from disk first), and a few still queued on another CPU's LRU batch.
            var length = new FileInfo(layout.Journal).Length;
            Assert.True(length > 3 * PhysicalJournalFileSystem.DropEveryBytes, "the test must write past several drops");
            Assert.True(ResidentPages.Count(control) > length / Environment.SystemPageSize / 2, "control file should be in the page cache");
            Assert.NotEqual(0, length % Environment.SystemPageSize);
            Assert.InRange(ResidentPages.Count(layout.Journal), 1, (PhysicalJournalFileSystem.DropEveryBytes / Environment.SystemPageSize) + 9);
        }
        Assert.Equal(20 * 100, JournalRecovery.Recover(layout.Journal, layout.Recovered, DateTime.UtcNow).RecordCount);
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
    public void SyncOpenFiles_OverExistingJournal_WritesNothingAndAppendsContinue()
    {
        var layout = new DataDirectoryLayout(_dir.Path);
        using (var writer = new JournalWriter(layout, PhysicalJournalFileSystem.Instance, 0))
        {
            writer.SyncOpenFiles();
            writer.AppendDurable(Encoding.UTF8.GetBytes(SomeRecord.Line(SomeRecord.With(1))), 1, "{\"Reason\":\"bad\"}\n"u8);
        }
        var journal = File.ReadAllBytes(layout.Journal);
        var rejected = File.ReadAllBytes(layout.Rejected);

        using (var writer = new JournalWriter(layout, PhysicalJournalFileSystem.Instance, 1))
        {
            writer.SyncOpenFiles();
            Assert.Equal(journal, File.ReadAllBytes(layout.Journal));
            Assert.Equal(rejected, File.ReadAllBytes(layout.Rejected));
            Assert.Equal(journal.Length, writer.JournalBytes);
            writer.AppendDurable(Encoding.UTF8.GetBytes(SomeRecord.Line(SomeRecord.With(2))), 2, default);
        }

        var result = JournalRecovery.Recover(layout.Journal, layout.Recovered, DateTime.UtcNow);
        Assert.Equal(2, result.RecordCount);
        Assert.Equal(2, result.LastSequence);
    }

    [Fact]
    public void SyncOpenFiles_FsyncFails_ThrowsFatal()
    {
        var layout = new DataDirectoryLayout(_dir.Path);
        var fileSystem = new FaultyFileSystem();
        using var writer = new JournalWriter(layout, fileSystem, 0);
        fileSystem.FailNextFlush = true;

        Assert.Throws<JournalFsyncException>(writer.SyncOpenFiles);
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
