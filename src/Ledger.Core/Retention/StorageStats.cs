using Ledger.Core.Checkpoints;
using Ledger.Core.Journal;

namespace Ledger.Core.Retention;

/// <summary>Disk use of a data directory per area: journal, segments, checkpoints (live and archived), dead letters, recovered tails.</summary>
/// <remarks>
/// Sizes come from the file system; the journal's record count and range need one streaming pass over the active
/// journal (not the segments, whose ranges are in their names). Safe next to a running daemon: a line being written
/// is not counted.
/// </remarks>
public sealed record StorageStats
{
    public long JournalBytes { get; init; }
    public long JournalRecords { get; init; }
    public long? JournalFirstSequence { get; init; }
    public long? JournalLastSequence { get; init; }
    public DateTime? JournalFirstTimestamp { get; init; }
    public DateTime? JournalLastTimestamp { get; init; }

    public int SegmentCount { get; init; }
    public long SegmentBytes { get; init; }

    /// <summary>Checkpoints in the manifest, live or archived.</summary>
    public int CheckpointCount { get; init; }

    /// <summary>Bytes of checkpoints/ itself: live checkpoint files and index.json.</summary>
    public long CheckpointBytes { get; init; }

    /// <summary>Checkpoints whose files are all only in checkpoints/archive/.</summary>
    public int ArchivedCheckpointCount { get; init; }

    /// <summary>Bytes of checkpoints/archive/.</summary>
    public long ArchivedBytes { get; init; }

    public long RejectedBytes { get; init; }
    public long RejectedLines { get; init; }

    public int RecoveredFiles { get; init; }
    public long RecoveredBytes { get; init; }

    /// <summary>Sum of every area above.</summary>
    public long TotalBytes => JournalBytes + SegmentBytes + CheckpointBytes + ArchivedBytes + RejectedBytes + RecoveredBytes;

    /// <summary>Measures <paramref name="layout"/>.</summary>
    /// <exception cref="CheckpointFormatException">The manifest cannot be read.</exception>
    public static StorageStats Collect(DataDirectoryLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var segments = layout.SegmentFiles();
        var (_, checkpointBytes) = Measure(layout.Checkpoints, SearchOption.TopDirectoryOnly);
        var (_, archivedBytes) = Measure(layout.CheckpointArchive, SearchOption.AllDirectories);
        var (recoveredFiles, recoveredBytes) = Measure(layout.Recovered, SearchOption.AllDirectories);
        var checkpoints = new CheckpointArchiver(layout).List();
        var stats = new StorageStats
        {
            SegmentCount = segments.Count,
            SegmentBytes = segments.Sum(s => new FileInfo(s).Length),
            CheckpointCount = checkpoints.Count,
            CheckpointBytes = checkpointBytes,
            ArchivedCheckpointCount = checkpoints.Count(c => c.State == CheckpointStorageState.Archived),
            ArchivedBytes = archivedBytes,
            RejectedBytes = LengthOf(layout.Rejected),
            RejectedLines = File.Exists(layout.Rejected) ? JournalReader.ReadLines(layout.Rejected).LongCount() : 0,
            RecoveredFiles = recoveredFiles,
            RecoveredBytes = recoveredBytes,
        };
        return File.Exists(layout.Journal) ? WithJournal(stats, layout.Journal) : stats;
    }

    private static StorageStats WithJournal(StorageStats stats, string journal)
    {
        long records = 0;
        long? first = null, last = null;
        DateTime? firstTime = null, lastTime = null;
        foreach (var record in JournalReader.ReadFile(journal))
        {
            records++;
            first ??= record.Sequence;
            firstTime ??= record.Timestamp;
            last = record.Sequence;
            lastTime = record.Timestamp;
        }
        return stats with
        {
            JournalBytes = LengthOf(journal),
            JournalRecords = records,
            JournalFirstSequence = first,
            JournalLastSequence = last,
            JournalFirstTimestamp = firstTime,
            JournalLastTimestamp = lastTime,
        };
    }

    private static (int Files, long Bytes) Measure(string directory, SearchOption option)
    {
        if (!Directory.Exists(directory))
        {
            return (0, 0);
        }
        var files = new DirectoryInfo(directory).GetFiles("*", option);
        return (files.Length, files.Sum(f => f.Length));
    }

    private static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
