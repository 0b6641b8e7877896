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
        var jsonTemp = Path.Combine(_layout.Checkpoints, "." + jsonName + ".tmp");
        var parquetTemp = Path.Combine(_layout.Checkpoints, "." + parquetName + ".tmp");

        var summary = WriteTempFiles(label, now, after, durableSequence, jsonTemp, parquetTemp);
        if (summary.Count == 0)
        {
            File.Delete(jsonTemp);
            File.Delete(parquetTemp);
            return null;
        }
        BeforePublish?.Invoke();

        var files = new List<CheckpointFileInfo>();
        foreach (var (temp, name) in new[] { (jsonTemp, jsonName), (parquetTemp, parquetName) })
        {
            var final = Path.Combine(_layout.Checkpoints, name);
            File.Move(temp, final);
            files.Add(new CheckpointFileInfo(name, new FileInfo(final).Length, Sha256Of(final)));
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

    private (long Count, long First, long Last, DateTime FirstTimestamp, DateTime LastTimestamp) WriteTempFiles(
        string label, DateTime now, long after, long upTo, string jsonTemp, string parquetTemp)
    {
        long count = 0, first = 0, last = 0;
        DateTime firstTimestamp = DateTime.MaxValue, lastTimestamp = DateTime.MinValue;
        using (var jsonStream = new FileStream(jsonTemp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var parquetStream = new FileStream(parquetTemp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
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
                foreach (var record in RecordsBetween(after, upTo))
                {
                    LedgerRecordJson.Write(json, record);
                    parquet.Write(record);
                    if (count == 0)
                    {
                        first = record.Sequence;
                    }
                    last = record.Sequence;
                    count++;
                    firstTimestamp = record.Timestamp < firstTimestamp ? record.Timestamp : firstTimestamp;
                    lastTimestamp = record.Timestamp > lastTimestamp ? record.Timestamp : lastTimestamp;
                    if (json.BytesPending > 1 << 16)
                    {
                        json.Flush();
                    }
                }
                json.WriteEndArray();
                json.WriteNumber("FirstSequence", first);
                json.WriteNumber("LastSequence", last);
                json.WriteNumber("Count", count);
                json.WriteEndObject();
                parquet.Complete();
            }
            jsonStream.Flush(flushToDisk: true);
            parquetStream.Flush(flushToDisk: true);
        }
        return (count, first, last, firstTimestamp, lastTimestamp);
    }

    private IEnumerable<LedgerRecord> RecordsBetween(long after, long upTo)
    {
        foreach (var record in JournalReader.ReadAll(_layout.Root))
        {
            if (record.Sequence <= after)
            {
                continue;
            }
            if (record.Sequence > upTo)
            {
                yield break;
            }
            yield return record;
        }
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
}
