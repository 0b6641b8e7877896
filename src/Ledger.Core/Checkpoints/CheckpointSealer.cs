using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Core.Export;
using Ledger.Core.Journal;
using Ledger.Core.Records;
using Ledger.Parquet.File;

namespace Ledger.Core.Checkpoints;

/// <summary>
/// Seals the records persisted since the previous checkpoint into an immutable JSON file and a Parquet copy, and
/// records them in checkpoints/index.json.
/// </summary>
/// <remarks>
/// Crash safety: both files are written under dot-prefixed temp names, fsync'd, renamed, the directory fsync'd, and
/// only then is the manifest rewritten (atomically). A crash anywhere before the manifest rename leaves either temp
/// files or complete-but-unlisted files; <see cref="RemoveUnlisted"/> deletes both at the next start and the same
/// range is sealed again, so nothing half-written is ever listed, and a listed range is never sealed twice.
/// Only durable data is read: the caller passes the last fsync'd Sequence and lines beyond it are ignored.
/// Not thread-safe: one sealer per data directory, callers serialize <see cref="Seal"/>.
/// </remarks>
public sealed class CheckpointSealer
{
    private readonly DataDirectoryLayout _layout;
    private readonly TimeProvider _time;
    private readonly ParquetWriterOptions _parquet;

    public CheckpointSealer(DataDirectoryLayout layout, TimeProvider time, ParquetWriterOptions? parquet = null)
    {
        _layout = layout;
        _time = time;
        _parquet = parquet ?? ParquetWriterOptions.Default;
    }

    /// <summary>Test seam: runs after both temp files are written, before anything is renamed.</summary>
    internal Action? BeforePublish { get; set; }

    /// <summary>Last Sequence listed in the manifest.</summary>
    public long LastSealedSequence => CheckpointManifest.Load(_layout.CheckpointIndex).LastSealedSequence;

    /// <summary>Deletes temp files and checkpoint files the manifest does not list (leftovers of a crashed seal).</summary>
    /// <returns>The names removed.</returns>
    public IReadOnlyList<string> RemoveUnlisted()
    {
        if (!Directory.Exists(_layout.Checkpoints))
        {
            return [];
        }
        var manifest = CheckpointManifest.Load(_layout.CheckpointIndex);
        var listed = manifest.Checkpoints.SelectMany(c => c.Files).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_layout.Checkpoints))
        {
            var name = Path.GetFileName(path);
            var isCheckpointFile = name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".parquet", StringComparison.Ordinal) || name.EndsWith(".tmp", StringComparison.Ordinal);
            if (name == "index.json" || !isCheckpointFile || listed.Contains(name) || name.EndsWith(".gz", StringComparison.Ordinal))
            {
                continue;
            }
            File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
            removed.Add(name);
        }
        if (removed.Count > 0)
        {
            FileSystemDurability.FlushDirectory(_layout.Checkpoints);
        }
        return removed;
    }

    /// <summary>Seals every record with Sequence in (last sealed, <paramref name="durableSequence"/>].</summary>
    /// <returns>The new manifest entry, or null when nothing new was persisted.</returns>
    public CheckpointEntry? Seal(string label, long durableSequence)
    {
        CheckpointLabel.Validate(label);
        var manifest = CheckpointManifest.Load(_layout.CheckpointIndex);
        var after = manifest.LastSealedSequence;
        if (durableSequence <= after)
        {
            return null;
        }
        Directory.CreateDirectory(_layout.Checkpoints);
        var now = _time.GetUtcNow().UtcDateTime;
        var baseName = UniqueBaseName(now, label);
        var jsonName = baseName + ".json";
        var parquetName = baseName + ".parquet";
        var jsonTemp = FileSystemDurability.TempPathFor(Path.Combine(_layout.Checkpoints, jsonName));
        var parquetTemp = FileSystemDurability.TempPathFor(Path.Combine(_layout.Checkpoints, parquetName));

        var summary = WriteTempFiles(label, now, after, durableSequence, jsonTemp, parquetTemp);
        if (summary.Count == 0)
        {
            File.Delete(jsonTemp);
            File.Delete(parquetTemp);
            return null;
        }
        BeforePublish?.Invoke();

        var files = new List<CheckpointFileInfo>();
        foreach (var (temp, name, sha256) in new[] { (jsonTemp, jsonName, summary.JsonSha256), (parquetTemp, parquetName, summary.ParquetSha256) })
        {
            var final = Path.Combine(_layout.Checkpoints, name);
            File.Move(temp, final);
            files.Add(new CheckpointFileInfo(name, new FileInfo(final).Length, sha256));
        }
        FileSystemDurability.FlushDirectory(_layout.Checkpoints);
        foreach (var file in files)
        {
            MakeReadOnly(Path.Combine(_layout.Checkpoints, file.Name));
        }
        var entry = new CheckpointEntry(label, now, summary.First, summary.Last, summary.Count, summary.FirstTimestamp,
            summary.LastTimestamp, files, CheckpointManifest.CurrentFormatVersion);
        manifest.Checkpoints.Add(entry);
        manifest.Save(_layout.CheckpointIndex);
        return entry;
    }

    private SealSummary WriteTempFiles(string label, DateTime now, long after, long upTo, string jsonTemp, string parquetTemp)
    {
        var summary = new SealSummary();
        // Written in synced, paced steps beside the live journal (see WriteBehindFileStream), hashed on the way.
        using (var jsonStream = new WriteBehindFileStream(jsonTemp))
        using (var parquetStream = new WriteBehindFileStream(parquetTemp))
        {
            using (var json = new Utf8JsonWriter(jsonStream, LedgerRecordJson.WriterOptions))
            using (var parquet = new RecordParquetWriter(parquetStream, _parquet))
            {
                // Counts are only known at the end, so the header fields are written after the array.
                json.WriteStartObject();
                json.WriteNumber("FormatVersion", CheckpointManifest.CurrentFormatVersion);
                json.WriteString("Label", label);
                json.WriteString("CreatedAt", LedgerRecordJson.FormatTimestamp(now));
                json.WriteStartArray("Messages");
                WriteRecords(json, parquet, after, upTo, summary);
                json.WriteEndArray();
                json.WriteNumber("FirstSequence", summary.First);
                json.WriteNumber("LastSequence", summary.Last);
                json.WriteNumber("Count", summary.Count);
                json.WriteEndObject();
                parquet.Complete();
            }
            jsonStream.Flush(flushToDisk: true);
            parquetStream.Flush(flushToDisk: true);
            summary.JsonSha256 = jsonStream.Sha256Hex();
            summary.ParquetSha256 = parquetStream.Sha256Hex();
        }
        return summary;
    }

    /// <summary>
    /// Writes the records with Sequence in (<paramref name="after"/>, <paramref name="upTo"/>], reading only the files
    /// that can hold them: a segment holds only sealed records (its name says which), so normally only the journal.
    /// </summary>
    /// <remarks>
    /// A seal once read the whole history and parsed every line into a record before dropping the sealed ones, so each
    /// seal cost more than the one before (docs/PERFORMANCE.md, twenty-fifth session). Journal records that a segment
    /// also holds (a rotation cut short) are skipped, as <see cref="JournalReader.ReadAll"/> does.
    /// </remarks>
    private void WriteRecords(Utf8JsonWriter json, RecordParquetWriter parquet, long after, long upTo, SealSummary summary)
    {
        var rows = new JournalRowBuffer();
        long inSegments = 0;
        foreach (var segment in _layout.SegmentFiles())
        {
            if (SegmentName.TryParse(segment, out _, out var last))
            {
                inSegments = Math.Max(inSegments, last);
                if (last <= after)
                {
                    continue;
                }
            }
            if (!WriteRecords(segment, after, upTo, json, parquet, rows, summary))
            {
                return;
            }
            inSegments = Math.Max(inSegments, summary.HighestRead);
        }
        if (File.Exists(_layout.Journal))
        {
            WriteRecords(_layout.Journal, Math.Max(after, inSegments), upTo, json, parquet, rows, summary);
        }
    }

    /// <summary>One file's part of <see cref="WriteRecords(Utf8JsonWriter, RecordParquetWriter, long, long, SealSummary)"/>.</summary>
    /// <returns>False once a record beyond <paramref name="upTo"/> was met: the range is complete.</returns>
    private static bool WriteRecords(string path, long skipThrough, long upTo, Utf8JsonWriter json, RecordParquetWriter parquet, JournalRowBuffer rows, SealSummary summary)
    {
        foreach (var line in JournalReader.ReadLinesWithOffsets(path))
        {
            var bytes = line.Bytes.Span;
            if (CanonicalLineScanner.TryReadSequence(bytes, out var sealedSequence) && sealedSequence <= skipThrough)
            {
                summary.HighestRead = Math.Max(summary.HighestRead, sealedSequence);
                continue; // sealed before: not parsed at all
            }
            rows.Clear();
            var row = default(JournalRow);
            LedgerRecord? record = null;
            if (!CanonicalLineScanner.TryScan(bytes, rows, ref row) && !LedgerRecordParser.TryParse(bytes, out record, out _))
            {
                continue; // not a record: left out, as every reader does
            }
            var (sequence, timestamp) = record is null ? (row.Sequence, row.Timestamp) : (record.Sequence, record.Timestamp);
            if (!summary.Take(sequence, timestamp, skipThrough, upTo, out var done))
            {
                if (done)
                {
                    return false;
                }
                continue;
            }
            if (record is null)
            {
                // The journal's own layout is what LedgerRecordJson writes, byte for byte: the line goes in as it is.
                json.WriteRawValue(bytes, skipInputValidation: true);
                parquet.Write(in row, rows);
            }
            else
            {
                // Any other layout of a valid record (escapes, another member order) is written in the canonical one.
                LedgerRecordJson.Write(json, record);
                parquet.Write(record);
            }
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }
        return true;
    }

    private string UniqueBaseName(DateTime now, string label)
    {
        var stamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var name = $"{stamp}_{label}";
        for (var n = 2; File.Exists(Path.Combine(_layout.Checkpoints, name + ".json")); n++)
        {
            name = $"{stamp}_{label}-{n}";
        }
        return name;
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void MakeReadOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        else
        {
            File.SetAttributes(path, FileAttributes.ReadOnly);
        }
    }

    /// <summary>What a seal has written so far: the manifest entry's counts and ranges.</summary>
    private sealed class SealSummary
    {
        public long Count { get; private set; }
        public long First { get; private set; }
        public long Last { get; private set; }
        public DateTime FirstTimestamp { get; private set; } = DateTime.MaxValue;
        public DateTime LastTimestamp { get; private set; } = DateTime.MinValue;

        /// <summary>SHA-256 of the finished files, computed as they were written.</summary>
        public string JsonSha256 { get; set; } = "";

        public string ParquetSha256 { get; set; } = "";

        /// <summary>Highest Sequence met in the files read so far, written or not.</summary>
        public long HighestRead { get; set; }

        /// <summary>Counts a record in (<paramref name="skipThrough"/>, <paramref name="upTo"/>]; false for any other, with <paramref name="done"/> once beyond the range.</summary>
        public bool Take(long sequence, DateTime timestamp, long skipThrough, long upTo, out bool done)
        {
            HighestRead = Math.Max(HighestRead, sequence);
            done = sequence > upTo;
            if (sequence <= skipThrough || done)
            {
                return false;
            }
            if (Count == 0)
            {
                First = sequence;
            }
            Last = sequence;
            Count++;
            FirstTimestamp = timestamp < FirstTimestamp ? timestamp : FirstTimestamp;
            LastTimestamp = timestamp > LastTimestamp ? timestamp : LastTimestamp;
            return true;
        }
    }
}
