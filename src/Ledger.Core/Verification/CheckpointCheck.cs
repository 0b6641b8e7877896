using System.Globalization;
using System.Text.Json;
using Ledger.Core.Checkpoints;
using Ledger.Core.Retention;
using Ledger.Parquet.Reading;

namespace Ledger.Core.Verification;

/// <summary>Checks every manifest entry: ranges, files present (live or archived), digests, JSON content, Parquet rows.</summary>
internal sealed class CheckpointCheck(DataDirectoryLayout layout, ProblemLog problems)
{
    /// <summary>Checks <paramref name="manifest"/> against the files and a history ending at <paramref name="historyLast"/>.</summary>
    public void Run(CheckpointManifest manifest, long historyLast)
    {
        var index = layout.CheckpointIndex;
        long previousLast = 0;
        foreach (var entry in manifest.Checkpoints)
        {
            var name = CheckpointArchiver.NameOf(entry);
            if (entry.FormatVersion != CheckpointManifest.CurrentFormatVersion)
            {
                problems.Error("checkpoint", index, null, $"checkpoint {name} has format version {entry.FormatVersion}; this Ledger reads {CheckpointManifest.CurrentFormatVersion}");
            }
            CheckRange(entry, name, previousLast, historyLast);
            previousLast = Math.Max(previousLast, entry.LastSequence);
            foreach (var file in entry.Files)
            {
                CheckFile(entry, file);
            }
        }
    }

    private void CheckRange(CheckpointEntry entry, string name, long previousLast, long historyLast)
    {
        var index = layout.CheckpointIndex;
        if (entry.FirstSequence > entry.LastSequence || entry.Count != entry.LastSequence - entry.FirstSequence + 1)
        {
            problems.Error("checkpoint", index, null, $"checkpoint {name}: range {entry.FirstSequence}..{entry.LastSequence} does not hold Count {entry.Count} records");
        }
        if (entry.FirstSequence <= previousLast)
        {
            problems.Error("checkpoint", index, null, $"checkpoint {name} starts at {entry.FirstSequence}, overlapping the previous checkpoint (ends at {previousLast})");
        }
        else if (entry.FirstSequence != previousLast + 1)
        {
            problems.Error("checkpoint", index, null, $"checkpoint {name} starts at {entry.FirstSequence}: records {previousLast + 1}..{entry.FirstSequence - 1} are in no checkpoint");
        }
        if (entry.LastSequence > historyLast)
        {
            problems.Error("checkpoint", index, null, $"checkpoint {name} ends at {entry.LastSequence}, beyond the journal history (last Sequence {historyLast})");
        }
    }

    private void CheckFile(CheckpointEntry entry, CheckpointFileInfo file)
    {
        var live = CheckpointFiles.LivePath(layout, file.Name);
        var archive = CheckpointFiles.ArchivePath(layout, file.Name);
        var copies = new[] { live, archive }.Where(File.Exists).ToArray();
        if (copies.Length == 0)
        {
            problems.Error("checkpoint", live, null, $"missing: neither {problems.Relative(live)} nor {problems.Relative(archive)} exists");
            return;
        }
        string? good = null;
        foreach (var copy in copies)
        {
            if (HashMatches(copy, file))
            {
                good ??= copy;
            }
        }
        if (good is null)
        {
            return; // the content of a file that fails its digest says nothing more useful
        }
        try
        {
            if (file.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                CheckJson(entry, good);
            }
            else if (file.Name.EndsWith(".parquet", StringComparison.Ordinal))
            {
                CheckParquet(entry, good);
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidDataException or IOException)
        {
            problems.Error("checkpoint", good, null, $"cannot be read: {ex.Message}");
        }
    }

    private bool HashMatches(string path, CheckpointFileInfo file)
    {
        try
        {
            var (sha256, bytes) = CheckpointFiles.Hash(path);
            if (sha256 != file.Sha256)
            {
                problems.Error("checkpoint", path, null, $"SHA-256 mismatch: manifest has {file.Sha256}, the file's content hashes to {sha256}");
                return false;
            }
            if (bytes != file.Bytes)
            {
                problems.Error("checkpoint", path, null, $"size mismatch: manifest has {file.Bytes} bytes, the file holds {bytes}");
                return false;
            }
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            problems.Error("checkpoint", path, null, $"cannot be read: {ex.Message}");
            return false;
        }
    }

    private void CheckJson(CheckpointEntry entry, string path)
    {
        CheckpointJsonSummary summary;
        using (var stream = CheckpointFiles.OpenRead(path))
        {
            summary = CheckpointJsonSummary.Read(stream, entry.FirstSequence);
        }
        void Compare(string field, string? actual, string expected)
        {
            if (actual != expected)
            {
                problems.Error("checkpoint", path, null, $"{field} is {actual ?? "absent"}, the manifest says {expected}");
            }
        }
        Compare("FormatVersion", summary.FormatVersion?.ToString(CultureInfo.InvariantCulture), entry.FormatVersion.ToString(CultureInfo.InvariantCulture));
        Compare("Label", summary.Label, entry.Label);
        Compare("FirstSequence", summary.FirstSequence?.ToString(CultureInfo.InvariantCulture), entry.FirstSequence.ToString(CultureInfo.InvariantCulture));
        Compare("LastSequence", summary.LastSequence?.ToString(CultureInfo.InvariantCulture), entry.LastSequence.ToString(CultureInfo.InvariantCulture));
        Compare("Count", summary.Count?.ToString(CultureInfo.InvariantCulture), entry.Count.ToString(CultureInfo.InvariantCulture));
        if (summary.MessageCount != entry.Count)
        {
            problems.Error("checkpoint", path, null, $"holds {summary.MessageCount} messages, the manifest says {entry.Count}");
        }
        if (summary.SequenceProblem is not null)
        {
            problems.Error("checkpoint", path, null, $"Messages are not exactly {entry.FirstSequence}..{entry.LastSequence}: {summary.SequenceProblem}");
        }
    }

    private void CheckParquet(CheckpointEntry entry, string path)
    {
        long rows;
        if (path.EndsWith(CheckpointFiles.ArchiveExtension, StringComparison.Ordinal))
        {
            // The footer is at the end of the file: decompress to a temp file rather than hold the file in memory.
            var temp = Path.Combine(Path.GetTempPath(), $"ledger-verify-{Guid.NewGuid():N}.parquet");
            try
            {
                using (var source = CheckpointFiles.OpenRead(path))
                using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    source.CopyTo(target);
                }
                rows = ParquetFooterReader.ReadRowCount(temp);
            }
            finally
            {
                File.Delete(temp);
            }
        }
        else
        {
            rows = ParquetFooterReader.ReadRowCount(path);
        }
        if (rows != entry.Count)
        {
            problems.Error("checkpoint", path, null, $"Parquet footer says {rows} rows, the manifest says {entry.Count}");
        }
    }
}
