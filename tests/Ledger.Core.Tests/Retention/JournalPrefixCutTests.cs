using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Retention;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Retention;

public sealed class JournalPrefixCutTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DataDirectoryLayout Layout => new(_dir.Path);

    private static string Lines(int first, int last) =>
        string.Concat(Enumerable.Range(first, last - first + 1).Select(i => SomeRecord.Line(SomeRecord.With(i))));

    private void Append(string text)
    {
        using var journal = new FileStream(Layout.Journal, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        journal.Write(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void CopyUpTo_InRoundsWhileTheJournalGrows_PublishedJournalIsEverythingAfterTheCut()
    {
        Append(Lines(1, 100));
        var offset = JournalRotator.FindBoundary(Layout.Journal, 40)!.Value.Offset;
        using var cut = new JournalPrefixCut(Layout.Journal, offset);

        // Each round copies what was there when it started; appends go on between rounds.
        for (var next = 101; next <= 400; next += 100)
        {
            cut.CopyUpTo(new FileInfo(Layout.Journal).Length);
            Append(Lines(next, next + 99));
        }
        cut.Sync();
        cut.CopyUpTo(new FileInfo(Layout.Journal).Length);
        cut.Publish();

        Assert.Equal(Enumerable.Range(41, 360).Select(i => (long)i), JournalReader.ReadFile(Layout.Journal).Select(r => r.Sequence));
        Assert.Equal(new FileInfo(Layout.Journal).Length, cut.CopiedBytes);
        Assert.Empty(JournalRotator.RemoveTempFiles(Layout));
    }

    [Fact]
    public void Dispose_WithoutPublish_JournalUntouchedAndTempFileGone()
    {
        Append(Lines(1, 10));
        var before = File.ReadAllBytes(Layout.Journal);

        using (var cut = new JournalPrefixCut(Layout.Journal, 100))
        {
            cut.CopyUpTo(before.Length);
            Assert.True(File.Exists(FileSystemDurability.TempPathFor(Layout.Journal)));
        }

        Assert.Equal(before, File.ReadAllBytes(Layout.Journal));
        Assert.False(File.Exists(FileSystemDurability.TempPathFor(Layout.Journal)));
    }

    [Fact]
    public void CopyUpTo_PastTheEndOfTheJournal_ThrowsAndPublishesNothing()
    {
        Append(Lines(1, 10));
        var length = new FileInfo(Layout.Journal).Length;
        using var cut = new JournalPrefixCut(Layout.Journal, 0);

        var error = Assert.Throws<IOException>(() => cut.CopyUpTo(length + 1));

        Assert.Contains($"before {length + 1}", error.Message, StringComparison.Ordinal);
        Assert.Equal(length, cut.CopiedUpTo);
    }
}
