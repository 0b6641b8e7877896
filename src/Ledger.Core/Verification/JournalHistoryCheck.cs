using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Core.Verification;

/// <summary>Checks the record history: every segment and the active journal parse, Sequences run +1, Ids are unique.</summary>
/// <remarks>
/// Ids are remembered as 128-bit MD5 digests, not strings: memory stays proportional to the record count at a
/// fixed 16 bytes each, whatever the Id lengths. A collision would only ever add a false duplicate report.
/// </remarks>
internal sealed class JournalHistoryCheck(DataDirectoryLayout layout, ProblemLog problems, long checkpointedPrefix)
{
    private readonly HashSet<UInt128> _ids = [];
    private long _previous;
    private string _previousFile = "";
    private long _previousLine;
    private long _unparsedSincePrevious;

    public long RecordCount { get; private set; }

    public int FileCount { get; private set; }

    /// <summary>First Sequence of the history, 0 when it is empty.</summary>
    public long FirstSequence { get; private set; }

    /// <summary>Last (highest) Sequence of the history, 0 when it is empty.</summary>
    public long LastSequence => _previous;

    public long DuplicateIds { get; private set; }

    public void Run()
    {
        foreach (var segment in layout.SegmentFiles())
        {
            CheckSegment(segment);
        }
        if (File.Exists(layout.Journal))
        {
            CheckJournal();
        }
    }

    private void CheckSegment(string path)
    {
        FileCount++;
        var named = SegmentName.TryParse(path, out var nameFirst, out var nameLast);
        if (!named)
        {
            problems.Error("segment", path, null, $"name is not {{first:D20}}-{{last:D20}}{SegmentName.Extension}");
        }
        long first = 0, last = 0, count = 0;
        var fileStart = true;
        var scan = LineScanner.Scan(path, (line, number) =>
        {
            if (ParseRecord(path, line, number) is not { } record)
            {
                return;
            }
            first = count == 0 ? record.Sequence : first;
            last = record.Sequence;
            count++;
            Accept(record, path, number, fileStart);
            fileStart = false;
        });
        ReportReadError(path, scan);
        if (scan.TornTailBytes > 0)
        {
            problems.Error("record", path, scan.Lines + 1, $"incomplete last line ({scan.TornTailBytes} bytes without a newline) in a sealed segment");
        }
        if (count == 0)
        {
            problems.Error("segment", path, null, "holds no records");
        }
        else if (named && (first != nameFirst || last != nameLast || count != nameLast - nameFirst + 1))
        {
            problems.Error("segment", path, null, $"name says records {nameFirst}..{nameLast} but it holds {first}..{last} ({count} records)");
        }
    }

    private void CheckJournal()
    {
        FileCount++;
        var path = layout.Journal;
        var inSegments = _previous;
        var pastSegments = false;
        var fileStart = true;
        var scan = LineScanner.Scan(path, (line, number) =>
        {
            if (ParseRecord(path, line, number) is not { } record)
            {
                return;
            }
            // A rotation copies the journal's prefix into a segment before cutting it; until the cut (or after a
            // crash in between) the journal starts with records a segment already holds. Skip that prefix only.
            if (!pastSegments && record.Sequence <= inSegments)
            {
                return;
            }
            pastSegments = true;
            Accept(record, path, number, fileStart);
            fileStart = false;
        });
        ReportReadError(path, scan);
        if (scan.TornTailBytes > 0)
        {
            problems.Warning("torn-tail", path, scan.Lines + 1, $"torn tail: {scan.TornTailBytes} bytes without a newline (will be cut at next start)");
        }
    }

    private LedgerRecord? ParseRecord(string path, ReadOnlySpan<byte> line, long number)
    {
        if (line.IsEmpty)
        {
            problems.Error("record", path, number, "empty line");
            return null;
        }
        if (!LedgerRecordJson.TryParse(line, out var record, out var error))
        {
            Unparsed(path, number, error!);
            return null;
        }
        if (record.Sequence < 1)
        {
            // The parser leaves a missing Sequence at 0; the journal never writes one below 1.
            Unparsed(path, number, "Sequence missing or below 1");
            return null;
        }
        return record;
    }

    private void Unparsed(string path, long number, string error)
    {
        _unparsedSincePrevious++;
        problems.Error("record", path, number, $"not a valid journal record: {error}");
    }

    private void Accept(LedgerRecord record, string path, long line, bool fileStart)
    {
        var sequence = record.Sequence;
        if (_previous == 0)
        {
            FirstSequence = sequence;
            // Old segments may be gone once checkpoints hold their records; anything else before the first is lost.
            if (sequence > 1 && checkpointedPrefix < sequence - 1)
            {
                problems.Error("sequence", path, line, $"missing segment: {Records(1, sequence - 1)} in no segment or journal (history starts at {sequence}) and no checkpoint holds them");
            }
        }
        else if (sequence <= _previous)
        {
            problems.Error("sequence", path, line, $"Sequence {sequence} after {_previous} ({problems.Relative(_previousFile)}:{_previousLine}): duplicate or out of order");
        }
        else if (sequence != _previous + 1 && sequence - _previous - 1 > _unparsedSincePrevious)
        {
            // A gap no wider than the unreadable lines before it is already explained by them.
            var what = fileStart
                ? $"missing segment: {Records(_previous + 1, sequence - 1)} in no file (between {problems.Relative(_previousFile)} and {problems.Relative(path)})"
                : $"Sequence gap: {_previous} then {sequence} ({Records(_previous + 1, sequence - 1)} missing)";
            problems.Error("sequence", path, line, what);
        }
        if (sequence > _previous)
        {
            _previous = sequence;
            _previousFile = path;
            _previousLine = line;
        }
        _unparsedSincePrevious = 0;
        RecordCount++;
        if (!_ids.Add(Digest(record.Id)))
        {
            DuplicateIds++;
            problems.Error("duplicate-id", path, line, $"Id '{record.Id}' (Sequence {sequence}) appears earlier in the history");
        }
    }

    /// <summary>"record 4 is" or "records 4..9 are".</summary>
    private static string Records(long first, long last) => first == last ? $"record {first} is" : $"records {first}..{last} are";

    private void ReportReadError(string path, LineScanResult scan)
    {
        if (scan.ReadError is not null)
        {
            problems.Error("file", path, scan.Lines + 1, $"cannot be read past line {scan.Lines}: {scan.ReadError}");
        }
    }

    private static UInt128 Digest(string id)
    {
        Span<byte> utf8 = id.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(id.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(id.Length)];
        var length = Encoding.UTF8.GetBytes(id, utf8);
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(utf8[..length], hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
