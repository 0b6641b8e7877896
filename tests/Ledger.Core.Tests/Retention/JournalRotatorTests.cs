using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Retention;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Retention;

public sealed class JournalRotatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DataDirectoryLayout Layout => new(_dir.Path);

    private void WriteJournal(int first, int last) =>
        File.WriteAllText(Layout.Journal, string.Concat(Enumerable.Range(first, last - first + 1).Select(i => SomeRecord.Line(SomeRecord.With(i)))), new UTF8Encoding(false));

    [Fact]
    public void WriteSegmentThenCutPrefix_HistoryReadsOnceInOrder()
    {
        WriteJournal(1, 10);
        var boundary = JournalRotator.FindBoundary(Layout.Journal, 6)!.Value;

        var segment = JournalRotator.WriteSegment(Layout, boundary.Offset, boundary.FirstSequence, boundary.LastSequence);
        JournalRotator.CutPrefix(Layout.Journal, boundary.Offset);

        Assert.Equal(SegmentName.For(1, 6), Path.GetFileName(segment));
        Assert.Equal([1L, 2, 3, 4, 5, 6], JournalReader.ReadFile(segment).Select(r => r.Sequence));
        Assert.Equal([7L, 8, 9, 10], JournalReader.ReadFile(Layout.Journal).Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), JournalReader.ReadAll(Layout.Root).Select(r => r.Sequence));
    }

    [Fact]
    public void RepairAfterInterruptedRotation_SegmentWrittenButPrefixNotCut_RemovesDuplicatedPrefix()
    {
        WriteJournal(1, 10);
        var boundary = JournalRotator.FindBoundary(Layout.Journal, 4)!.Value;
        JournalRotator.WriteSegment(Layout, boundary.Offset, boundary.FirstSequence, boundary.LastSequence);
        // Crash here: readers must still see every record once.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), JournalReader.ReadAll(Layout.Root).Select(r => r.Sequence));

        Assert.True(JournalRotator.RepairAfterInterruptedRotation(Layout));

        Assert.Equal([5L, 6, 7, 8, 9, 10], JournalReader.ReadFile(Layout.Journal).Select(r => r.Sequence));
        Assert.False(JournalRotator.RepairAfterInterruptedRotation(Layout));
    }

    [Fact]
    public void RemoveTempFiles_AfterKillMidRotation_RemovesOnlyTempFiles()
    {
        WriteJournal(1, 3);
        Directory.CreateDirectory(Layout.Sessions);
        var segmentTemp = Path.Combine(Layout.Sessions, "." + SegmentName.For(1, 2) + ".tmp");
        var journalTemp = Path.Combine(Layout.Root, ".current_session.jsonl.tmp");
        File.WriteAllText(segmentTemp, "partial");
        File.WriteAllText(journalTemp, "partial");
        var boundary = JournalRotator.FindBoundary(Layout.Journal, 1)!.Value;
        var segment = JournalRotator.WriteSegment(Layout, boundary.Offset, 1, 1);

        var removed = JournalRotator.RemoveTempFiles(Layout);

        Assert.Equal(2, removed.Count);
        Assert.False(File.Exists(segmentTemp));
        Assert.False(File.Exists(journalTemp));
        Assert.True(File.Exists(segment));
        Assert.True(File.Exists(Layout.Journal));
    }

    [Fact]
    public void IsDue_ByAgeWithManualClock_OnlyOnceTheFirstRecordIsOldEnough()
    {
        WriteJournal(1, 3); // SomeRecord's ReceivedAt is 2025-12-01T17:09:22Z
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 12, 1, 17, 9, 22, TimeSpan.Zero));
        var week = TimeSpan.FromDays(7);

        Assert.False(JournalRotator.IsDue(Layout, long.MaxValue, week, clock.GetUtcNow().UtcDateTime));
        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.False(JournalRotator.IsDue(Layout, long.MaxValue, week, clock.GetUtcNow().UtcDateTime));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(JournalRotator.IsDue(Layout, long.MaxValue, week, clock.GetUtcNow().UtcDateTime));
    }

    [Fact]
    public void IsDue_BySize_WhenTheJournalReachesTheLimit()
    {
        WriteJournal(1, 3);
        var size = new FileInfo(Layout.Journal).Length;
        var now = new DateTime(2025, 12, 1, 18, 0, 0, DateTimeKind.Utc);
        Assert.False(JournalRotator.IsDue(Layout, size + 1, TimeSpan.FromDays(7), now));
        Assert.True(JournalRotator.IsDue(Layout, size, TimeSpan.FromDays(7), now));
        File.Delete(Layout.Journal);
        Assert.False(JournalRotator.IsDue(Layout, 1, TimeSpan.FromDays(7), now));
    }

    [Fact]
    public void FindBoundary_NothingSealedInJournal_ReturnsNull()
    {
        WriteJournal(5, 8);
        Assert.Null(JournalRotator.FindBoundary(Layout.Journal, 4));
        Assert.Equal(8, JournalRotator.FindBoundary(Layout.Journal, 100)!.Value.LastSequence);
    }

    [Theory]
    [InlineData("00000000000000000001-00000000000000000040.jsonl.gz", true, 1, 40)]
    [InlineData("sessions/00000000000000000041-00000000000000000041.jsonl.gz", true, 41, 41)]
    [InlineData("00000000000000000041-00000000000000000040.jsonl.gz", false, 0, 0)]
    [InlineData("current_session.jsonl", false, 0, 0)]
    public void TryParse_SegmentNames_ReadsRange(string name, bool valid, long first, long last)
    {
        Assert.Equal(valid, SegmentName.TryParse(name, out var f, out var l));
        if (valid)
        {
            Assert.Equal((first, last), (f, l));
        }
    }
}
