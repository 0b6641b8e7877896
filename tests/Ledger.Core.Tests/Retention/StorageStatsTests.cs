using System.Text;
using Ledger.Core.Retention;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Retention;

public sealed class StorageStatsTests : IDisposable
{
    private readonly CheckpointedDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Collect_EmptyDirectory_AllZero()
    {
        var stats = StorageStats.Collect(_data.Layout);

        Assert.Equal(0, stats.TotalBytes);
        Assert.Equal(0, stats.JournalRecords);
        Assert.Null(stats.JournalFirstSequence);
        Assert.Equal(0, stats.CheckpointCount);
    }

    [Fact]
    public void Collect_EveryArea_CountsFilesBytesAndJournalRange()
    {
        _data.Seal(3);
        _data.Clock.Advance(TimeSpan.FromDays(31));
        _data.Seal(4);
        new CheckpointArchiver(_data.Layout).CompressOlderThan(TimeSpan.FromDays(30), _data.Clock.GetUtcNow().UtcDateTime);
        File.WriteAllText(_data.Layout.Rejected, "{\"a\":1}\n{\"b\":2}\n", Encoding.UTF8);
        Directory.CreateDirectory(_data.Layout.Recovered);
        File.WriteAllBytes(Path.Combine(_data.Layout.Recovered, "current_session.x.torn"), new byte[17]);

        var stats = StorageStats.Collect(_data.Layout);

        Assert.Equal((7L, 1L, 7L), (stats.JournalRecords, stats.JournalFirstSequence!.Value, stats.JournalLastSequence!.Value));
        Assert.Equal(new FileInfo(_data.Layout.Journal).Length, stats.JournalBytes);
        Assert.Equal((2, 1), (stats.CheckpointCount, stats.ArchivedCheckpointCount));
        var archived = Directory.GetFiles(_data.Layout.CheckpointArchive).Sum(f => new FileInfo(f).Length);
        Assert.Equal(archived, stats.ArchivedBytes);
        Assert.True(stats.CheckpointBytes > 0);
        Assert.Equal(2, stats.RejectedLines);
        Assert.Equal((1, 17L), (stats.RecoveredFiles, stats.RecoveredBytes));
        Assert.Equal(stats.JournalBytes + stats.CheckpointBytes + archived + stats.RejectedBytes + 17, stats.TotalBytes);
    }
}
