using System.IO.Compression;
using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Records;
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

        var segment = JournalRotator.WriteSegment(Layout, 6)!;
        JournalRotator.CutPrefix(Layout.Journal, segment.JournalOffset);

        Assert.Equal(SegmentName.For(1, 6), Path.GetFileName(segment.Path));
        Assert.Equal((boundary.Offset, 1L, 6L), (segment.JournalOffset, segment.FirstSequence, segment.LastSequence));
        Assert.Equal([1L, 2, 3, 4, 5, 6], JournalReader.ReadFile(segment.Path).Select(r => r.Sequence));
        Assert.Equal([7L, 8, 9, 10], JournalReader.ReadFile(Layout.Journal).Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), JournalReader.ReadAll(Layout.Root).Select(r => r.Sequence));
    }

    [Fact]
    public void RepairAfterInterruptedRotation_SegmentWrittenButPrefixNotCut_RemovesDuplicatedPrefix()
    {
        WriteJournal(1, 10);
        JournalRotator.WriteSegment(Layout, 4);
        // Crash here: readers must still see every record once.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), JournalReader.ReadAll(Layout.Root).Select(r => r.Sequence));

        Assert.True(JournalRotator.RepairAfterInterruptedRotation(Layout));

        Assert.Equal([5L, 6, 7, 8, 9, 10], JournalReader.ReadFile(Layout.Journal).Select(r => r.Sequence));
        Assert.False(JournalRotator.RepairAfterInterruptedRotation(Layout));
    }

    [Fact]
    public void FindUncutPrefix_SegmentWrittenJournalNotCut_OffsetPastWhatTheSegmentHolds()
    {
        WriteJournal(1, 10);
        Assert.Null(JournalRotator.FindUncutPrefix(Layout)); // no segment yet

        var segment = JournalRotator.WriteSegment(Layout, 4)!;

        Assert.Equal(segment.JournalOffset, JournalRotator.FindUncutPrefix(Layout));
        JournalRotator.CutPrefix(Layout.Journal, segment.JournalOffset);
        Assert.Null(JournalRotator.FindUncutPrefix(Layout));
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
        var segment = JournalRotator.WriteSegment(Layout, 1)!.Path;

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

    [Fact]
    public void WriteSegment_BlankLinesAndAnotherLayout_SegmentHoldsTheJournalsExactPrefix()
    {
        // Blank lines, and a record whose members are in another order (read by parsing it whole, not by its prefix).
        var reordered = "{\"Sequence\":3," + SomeRecord.Line(SomeRecord.With(3)).Replace("\"Sequence\":3,", "", StringComparison.Ordinal)[1..];
        var prefix = SomeRecord.Line(SomeRecord.With(1)) + "\n\n" + SomeRecord.Line(SomeRecord.With(2)) + reordered + "\n";
        var rest = SomeRecord.Line(SomeRecord.With(4)) + SomeRecord.Line(SomeRecord.With(5));
        File.WriteAllText(Layout.Journal, prefix + rest, new UTF8Encoding(false));
        Assert.False(CanonicalLineScanner.TryReadSequence(Encoding.UTF8.GetBytes(reordered), out _));

        var segment = JournalRotator.WriteSegment(Layout, 3)!;

        using var gzip = new GZipStream(File.OpenRead(segment.Path), CompressionMode.Decompress);
        using var text = new StreamReader(gzip, Encoding.UTF8);
        var withoutTrailingBlank = prefix[..^1];
        Assert.Equal(withoutTrailingBlank, text.ReadToEnd());
        Assert.Equal(Encoding.UTF8.GetByteCount(withoutTrailingBlank), segment.JournalOffset);
        Assert.Equal((1L, 3L), (segment.FirstSequence, segment.LastSequence));
        Assert.Equal(SegmentName.For(1, 3), Path.GetFileName(segment.Path));
    }

    [Fact]
    public void WriteSegment_NothingSealedInJournal_ReturnsNullAndLeavesNoFile()
    {
        WriteJournal(5, 8);

        Assert.Null(JournalRotator.WriteSegment(Layout, 4));

        Assert.Empty(Directory.GetFiles(Layout.Sessions));
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
