using System.IO.Compression;
using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Core.Retention;

/// <summary>Moves the sealed prefix of the active journal into a gzip segment under sessions/.</summary>
/// <remarks>
/// Rotation happens only on a sealed checkpoint boundary, in two steps: (1) <see cref="WriteSegment"/> compresses the
/// journal's lines up to the boundary into sessions/ (temp → fsync → rename → fsync dir) while ingest goes on — those
/// bytes are durable and never change; (2) the journal is rewritten as the bytes after the boundary
/// (<see cref="JournalPrefixCut"/>): copied while ingest goes on, all but the last few that arrived meanwhile, which
/// are copied with appends paused. A crash between the two leaves the prefix in both places; start-up repeats step 2
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
            if (!TryReadSequence(line, out var sequence) || sequence > upTo)
            {
                break;
            }
            first = first == 0 ? sequence : first;
            last = sequence;
            offset = line.EndOffset;
        }
        return first == 0 ? null : (offset, first, last);
    }

    /// <summary>
    /// Writes the journal's lines with Sequence ≤ <paramref name="upTo"/>, byte for byte, as
    /// sessions/{first}-{last}.jsonl.gz, atomically and durably, in one pass over the journal.
    /// </summary>
    /// <returns>The segment and the journal offset just past its last line; null (nothing written) when the journal holds no record ≤ <paramref name="upTo"/>.</returns>
    /// <remarks>
    /// The name is known only at the end, so the lines go to a temp file first. Blank lines before the boundary are
    /// kept: the segment holds exactly the bytes the journal loses.
    /// </remarks>
    public static WrittenSegment? WriteSegment(DataDirectoryLayout layout, long upTo)
    {
        if (!File.Exists(layout.Journal))
        {
            return null;
        }
        Directory.CreateDirectory(layout.Sessions);
        var temp = Path.Combine(layout.Sessions, ".rotating" + SegmentName.Extension + ".tmp");
        long first = 0, last = 0, offset = 0;
        try
        {
            using (var output = new WriteBehindFileStream(temp, sha256: false))
            {
                using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                using (var lines = new BufferedStream(gzip, 1 << 16))
                {
                    foreach (var line in JournalReader.ReadLinesWithOffsets(layout.Journal))
                    {
                        if (!TryReadSequence(line, out var sequence) || sequence > upTo)
                        {
                            break;
                        }
                        // Blank lines between the previous line and this one (the reader does not yield them).
                        for (var blank = line.EndOffset - offset - line.Bytes.Length - 1; blank > 0; blank--)
                        {
                            lines.WriteByte((byte)'\n');
                        }
                        lines.Write(line.Bytes.Span);
                        lines.WriteByte((byte)'\n');
                        first = first == 0 ? sequence : first;
                        last = sequence;
                        offset = line.EndOffset;
                    }
                }
                output.Flush(flushToDisk: true);
            }
            if (first == 0)
            {
                File.Delete(temp);
                return null;
            }
            var path = Path.Combine(layout.Sessions, SegmentName.For(first, last));
            FileSystemDurability.PublishSealedFile(temp, path);
            return new WrittenSegment(path, offset, first, last);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    // A line in the journal's own layout gives its Sequence from its first bytes; any other layout is parsed whole. A
    // line that is not a record ends the scan, as before.
    private static bool TryReadSequence(JournalLine line, out long sequence)
    {
        if (CanonicalLineScanner.TryReadSequence(line.Bytes.Span, out sequence))
        {
            return true;
        }
        if (LedgerRecordJson.TryParse(line.Bytes.Span, out var record, out _))
        {
            sequence = record.Sequence;
            return true;
        }
        return false;
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

    /// <summary>Rewrites the journal without its first <paramref name="offset"/> bytes (temp → fsync → rename → fsync dir).</summary>
    /// <remarks>The caller must hold appends off the journal and reopen its append handle afterwards.</remarks>
    public static void CutPrefix(string journalPath, long offset)
    {
        using var cut = new JournalPrefixCut(journalPath, offset);
        cut.CopyUpTo(new FileInfo(journalPath).Length);
        cut.Publish();
    }

    /// <summary>At start-up: deletes the temp files of a rotation a crash interrupted (sessions/.*.tmp, .current_session.jsonl.tmp).</summary>
    /// <remarks>A temp file is by construction incomplete or unpublished (the rename never happened), so nothing is lost.</remarks>
    /// <returns>The paths removed.</returns>
    public static IReadOnlyList<string> RemoveTempFiles(DataDirectoryLayout layout)
    {
        var removed = new List<string>();
        var journalTemp = FileSystemDurability.TempPathFor(layout.Journal);
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

    /// <summary>
    /// The journal offset just past the records the newest segment already holds: non-null only when a rotation wrote
    /// its segment and was stopped before it cut the journal (a crash, a disk error).
    /// </summary>
    public static long? FindUncutPrefix(DataDirectoryLayout layout)
    {
        var newest = layout.SegmentFiles().LastOrDefault();
        if (newest is null || !SegmentName.TryParse(newest, out _, out var segmentLast))
        {
            return null;
        }
        return FindBoundary(layout.Journal, segmentLast)?.Offset;
    }

    /// <summary>At start-up: drops journal records that the newest segment already holds (a rotation cut short).</summary>
    /// <returns>True when the journal was rewritten.</returns>
    public static bool RepairAfterInterruptedRotation(DataDirectoryLayout layout)
    {
        if (FindUncutPrefix(layout) is not { } offset)
        {
            return false;
        }
        CutPrefix(layout.Journal, offset);
        return true;
    }
}
