using System.IO.Compression;
using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Core.Retention;

/// <summary>Moves the sealed prefix of the active journal into a gzip segment under sessions/.</summary>
/// <remarks>
/// Rotation happens only on a sealed checkpoint boundary, in two steps: (1) <see cref="WriteSegment"/> compresses the
/// journal bytes up to the boundary into sessions/ (temp → fsync → rename → fsync dir) while ingest goes on — those
/// bytes are durable and never change; (2) <see cref="CutPrefix"/>, run with appends paused, rewrites the journal as
/// the bytes after the boundary. A crash between the two leaves the prefix in both places; start-up repeats step 2
/// (see <see cref="RepairAfterInterruptedRotation"/>) and readers skip journal records a segment already holds.
/// </remarks>
public static class JournalRotator
{
    /// <summary>The byte offset just past the record with Sequence <paramref name="upTo"/>, and the first Sequence.</summary>
    /// <returns>null when the journal holds no record ≤ <paramref name="upTo"/>.</returns>
    public static (long Offset, long FirstSequence, long LastSequence)? FindBoundary(string journalPath, long upTo)
    {
        if (!File.Exists(journalPath))
        {
            return null;
        }
        long first = 0, last = 0, offset = 0;
        foreach (var line in JournalReader.ReadLinesWithOffsets(journalPath))
        {
            if (!LedgerRecordJson.TryParse(line.Bytes.Span, out var record, out _))
            {
                break;
            }
            if (record.Sequence > upTo)
            {
                break;
            }
            if (first == 0)
            {
                first = record.Sequence;
            }
            last = record.Sequence;
            offset = line.EndOffset;
        }
        return first == 0 ? null : (offset, first, last);
    }

    /// <summary>True when the journal has reached <paramref name="maxBytes"/> or its first record is at least <paramref name="maxAge"/> old.</summary>
    public static bool IsDue(DataDirectoryLayout layout, long maxBytes, TimeSpan maxAge, DateTime nowUtc)
    {
        var size = File.Exists(layout.Journal) ? new FileInfo(layout.Journal).Length : 0;
        return size >= maxBytes || (FirstReceivedAt(layout.Journal) is { } first && nowUtc - first >= maxAge);
    }

    /// <summary>When the journal's first record was received, or null for an empty journal.</summary>
    public static DateTime? FirstReceivedAt(string journalPath)
    {
        if (!File.Exists(journalPath))
        {
            return null;
        }
        foreach (var line in JournalReader.ReadLinesWithOffsets(journalPath))
        {
            return LedgerRecordJson.TryParse(line.Bytes.Span, out var record, out _) ? record.ReceivedAt : null;
        }
        return null;
    }

    /// <summary>Writes journal bytes [0, offset) as sessions/{first}-{last}.jsonl.gz, atomically and durably.</summary>
    public static string WriteSegment(DataDirectoryLayout layout, long offset, long firstSequence, long lastSequence)
    {
        var path = Path.Combine(layout.Sessions, SegmentName.For(firstSequence, lastSequence));
        FileSystemDurability.WriteSealedFile(path, output =>
        {
            using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            using var input = new FileStream(layout.Journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            var buffer = new byte[1 << 16];
            var remaining = offset;
            while (remaining > 0)
            {
                var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw new IOException($"{layout.Journal} ended before byte {offset} while rotating");
                }
                gzip.Write(buffer, 0, read);
                remaining -= read;
            }
        });
        return path;
    }

    /// <summary>Rewrites the journal without its first <paramref name="offset"/> bytes (temp → fsync → rename → fsync dir).</summary>
    /// <remarks>The caller must hold appends off the journal and reopen its append handle afterwards.</remarks>
    public static void CutPrefix(string journalPath, long offset)
    {
        FileSystemDurability.WriteSealedFile(journalPath, output =>
        {
            using var input = new FileStream(journalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            input.Position = offset;
            input.CopyTo(output);
        }, readOnly: false);
    }

    /// <summary>At start-up: deletes the temp files of a rotation a crash interrupted (sessions/.*.tmp, .current_session.jsonl.tmp).</summary>
    /// <remarks>A temp file is by construction incomplete or unpublished (the rename never happened), so nothing is lost.</remarks>
    /// <returns>The paths removed.</returns>
    public static IReadOnlyList<string> RemoveTempFiles(DataDirectoryLayout layout)
    {
        var removed = new List<string>();
        var journalTemp = Path.Combine(layout.Root, "." + Path.GetFileName(layout.Journal) + ".tmp");
        if (File.Exists(journalTemp))
        {
            File.Delete(journalTemp);
            removed.Add(journalTemp);
        }
        if (Directory.Exists(layout.Sessions))
        {
            foreach (var temp in Directory.GetFiles(layout.Sessions, ".*.tmp"))
            {
                File.Delete(temp);
                removed.Add(temp);
            }
        }
        return removed;
    }

    /// <summary>At start-up: drops journal records that the newest segment already holds (a rotation cut short).</summary>
    /// <returns>True when the journal was rewritten.</returns>
    public static bool RepairAfterInterruptedRotation(DataDirectoryLayout layout)
    {
        var newest = layout.SegmentFiles().LastOrDefault();
        if (newest is null || !SegmentName.TryParse(newest, out _, out var segmentLast))
        {
            return false;
        }
        var boundary = FindBoundary(layout.Journal, segmentLast);
        if (boundary is null)
        {
            return false;
        }
        CutPrefix(layout.Journal, boundary.Value.Offset);
        return true;
    }
}
