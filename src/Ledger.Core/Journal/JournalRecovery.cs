using System.Globalization;
using Ledger.Core.Records;

namespace Ledger.Core.Journal;

/// <summary>Start-up recovery of the journal: cut a torn tail, keep its bytes, find the last Sequence.</summary>
/// <remarks>
/// A crash can leave the last line half written (no newline) or written but garbage (a torn page). Like Kafka's
/// LogSegment.recover, everything after the last line that parses is cut off — but never silently: the cut bytes are
/// saved (and fsync'd) under recovered/ before the journal is truncated. Lines before the last valid line are left as
/// they are; `ledger verify` reports them.
/// </remarks>
public static class JournalRecovery
{
    /// <summary>Recovers <paramref name="journalPath"/> in place; <paramref name="onRecord"/> sees every valid record.</summary>
    public static JournalRecoveryResult Recover(string journalPath, string recoveredDirectory, DateTime nowUtc, Action<LedgerRecord>? onRecord = null)
    {
        if (!File.Exists(journalPath))
        {
            return new JournalRecoveryResult(0, 0, 0, null);
        }
        long validEnd = 0;
        long lastSequence = 0;
        long count = 0;
        foreach (var line in JournalReader.ReadLinesWithOffsets(journalPath))
        {
            if (LedgerRecordJson.TryParse(line.Bytes.Span, out var record, out _))
            {
                validEnd = line.EndOffset;
                lastSequence = record.Sequence;
                count++;
                onRecord?.Invoke(record);
            }
        }
        var length = new FileInfo(journalPath).Length;
        string? savedTo = null;
        if (validEnd < length)
        {
            savedTo = SaveTail(journalPath, validEnd, length, recoveredDirectory, nowUtc);
            using var stream = new FileStream(journalPath, FileMode.Open, FileAccess.Write, FileShare.Read);
            stream.SetLength(validEnd);
            stream.Flush(flushToDisk: true);
        }
        return new JournalRecoveryResult(lastSequence, count, length - validEnd, savedTo);
    }

    /// <summary>Cuts a partial last line (no trailing newline) off an append-only line file such as rejected.jsonl.</summary>
    public static string? CutPartialLastLine(string path, string recoveredDirectory, DateTime nowUtc)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        long length;
        long keep;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            length = stream.Length;
            keep = length;
            var one = new byte[1];
            while (keep > 0)
            {
                stream.Position = keep - 1;
                stream.ReadExactly(one);
                if (one[0] == (byte)'\n')
                {
                    break;
                }
                keep--;
            }
        }
        if (keep == length)
        {
            return null;
        }
        var saved = SaveTail(path, keep, length, recoveredDirectory, nowUtc);
        using var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        writer.SetLength(keep);
        writer.Flush(flushToDisk: true);
        return saved;
    }

    private static string SaveTail(string path, long from, long to, string recoveredDirectory, DateTime nowUtc)
    {
        Directory.CreateDirectory(recoveredDirectory);
        var name = $"{Path.GetFileNameWithoutExtension(path)}.{nowUtc.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}.torn";
        var target = Path.Combine(recoveredDirectory, name);
        using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
        {
            source.Position = from;
            var remaining = to - from;
            var buffer = new byte[81920];
            while (remaining > 0)
            {
                var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    break;
                }
                output.Write(buffer, 0, read);
                remaining -= read;
            }
            output.Flush(flushToDisk: true);
        }
        FileSystemDurability.FlushDirectory(recoveredDirectory);
        return target;
    }
}
