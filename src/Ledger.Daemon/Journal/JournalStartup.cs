using System.Diagnostics;
using Ledger.Core;
using Ledger.Core.Ingest;
using Ledger.Core.Journal;
using Ledger.Core.Retention;

namespace Ledger.Daemon.Journal;

/// <summary>Start-up recovery of a data directory, before the journal is opened for appending.</summary>
/// <remarks>
/// Order matters: the Id window is filled from the newest segments first (they are the oldest records); then what an
/// interrupted rotation left is cleaned up (temp files, a journal prefix a segment already holds); then the journal's
/// torn tail is cut and saved, and its records complete the window; last, a partial dead-letter line is cut.
/// </remarks>
internal static partial class JournalStartup
{
    /// <summary>Recovers the data directory and returns the last durable Sequence and the rebuilt Id window.</summary>
    public static (long LastSequence, KnownIds KnownIds) Recover(DataDirectoryLayout layout, int dedupWindow, DateTime nowUtc, ILogger logger)
    {
        StageStatics.EnsureInitialized();
        var knownIds = new KnownIds(dedupWindow);
        var stopwatch = Stopwatch.StartNew();
        var lastSequence = LoadRotatedIds(layout, knownIds);
        foreach (var temp in JournalRotator.RemoveTempFiles(layout))
        {
            LogRemovedTemp(logger, temp);
        }
        if (JournalRotator.RepairAfterInterruptedRotation(layout))
        {
            LogRotationRepaired(logger);
        }
        var recovery = JournalRecovery.Recover(layout.Journal, layout.Recovered, nowUtc, r => knownIds.Add(r.Id, r.Sequence));
        if (recovery.RecordCount > 0)
        {
            lastSequence = recovery.LastSequence;
        }
        if (recovery.SavedTo is not null)
        {
            LogTornTail(logger, recovery.CutBytes, recovery.SavedTo);
        }
        if (JournalRecovery.CutPartialLastLine(layout.Rejected, layout.Recovered, nowUtc) is { } rejectedTail)
        {
            LogTornTail(logger, -1, rejectedTail);
        }
        LogRecovered(logger, recovery.RecordCount, lastSequence, knownIds.Count, stopwatch.ElapsedMilliseconds, layout.Root);
        return (lastSequence, knownIds);
    }

    private static long LoadRotatedIds(DataDirectoryLayout layout, KnownIds knownIds)
    {
        // The window is rebuilt from the newest rotated segments too, so a retry that straddles a rotation is still
        // recognised. Segment names carry their Sequence range, so exactly enough segments to fill the window are
        // read (oldest of them first, so the window evicts in Sequence order).
        var needed = (long)knownIds.Capacity;
        var chosen = new List<string>();
        foreach (var segment in layout.SegmentFiles().Reverse())
        {
            if (needed <= 0)
            {
                break;
            }
            chosen.Add(segment);
            needed -= SegmentName.TryParse(segment, out var first, out var last) ? last - first + 1 : 0;
        }
        long lastSequence = 0;
        for (var i = chosen.Count - 1; i >= 0; i--)
        {
            foreach (var record in JournalReader.ReadFile(chosen[i]))
            {
                knownIds.Add(record.Id, record.Sequence);
                lastSequence = record.Sequence;
            }
        }
        return lastSequence;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal recovered: {Records} records in the active journal, last sequence {LastSequence}, {KnownIds} known ids, in {ElapsedMs} ms ({DataDirectory})")]
    private static partial void LogRecovered(ILogger logger, long records, long lastSequence, int knownIds, long elapsedMs, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Torn tail cut from a journal file ({Bytes} bytes; -1 = dead letter partial line); bytes saved to {SavedTo}")]
    private static partial void LogTornTail(ILogger logger, long bytes, string savedTo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed the temp file of an interrupted rotation: {Path}")]
    private static partial void LogRemovedTemp(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An interrupted rotation was completed: journal records already in the newest segment were removed from the journal")]
    private static partial void LogRotationRepaired(ILogger logger);
}
