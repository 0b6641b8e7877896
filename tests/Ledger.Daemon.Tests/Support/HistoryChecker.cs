using System.IO.Compression;
using System.Text.Json;
using Ledger.Core.Checkpoints;
using Ledger.Core.Journal;
using Ledger.Core.Records;

namespace Ledger.Daemon.Tests.Support;

/// <summary>
/// Jepsen-style checker of a data directory at rest: every line parses, Sequence runs 1..N without gap or repeat
/// across segments and journal, every Id appears once, every acked Id is there with its acked Sequence, and the
/// checkpoints tile 1..k exactly with matching hashes and contents.
/// </summary>
/// <remarks>
/// It reads the raw files rather than <see cref="JournalReader.ReadAll"/>: ReadAll deliberately skips journal
/// records a segment already holds and ignores a partial last line, which would hide exactly the faults a crash
/// suite hunts for (a rotation left half done, a torn tail that recovery did not cut). So call it only while no
/// daemon is running: mid-rotation overlap is legitimate for a live daemon, not for a recovered one at rest.
/// </remarks>
internal static class HistoryChecker
{
    /// <summary>Checks <paramref name="dataDirectory"/>; <paramref name="acked"/> maps each acked Id to its acked Sequence.</summary>
    public static HistoryReport Check(string dataDirectory, IReadOnlyDictionary<string, long> acked)
    {
        var problems = new List<string>();
        var invalid = 0;
        var records = new List<(long Sequence, string Id)>();
        var sessions = Path.Combine(dataDirectory, "sessions");
        var segments = Directory.Exists(sessions)
            ? Directory.GetFiles(sessions, "*" + SegmentName.Extension).Order(StringComparer.Ordinal).ToArray()
            : [];
        foreach (var segment in segments)
        {
            var before = records.Count;
            invalid += ReadRecords(segment, records, problems);
            var inFile = records.Skip(before).ToList();
            if (!SegmentName.TryParse(segment, out var first, out var last))
            {
                problems.Add($"{Path.GetFileName(segment)} is not a segment name");
            }
            else if (inFile.Count == 0 || inFile[0].Sequence != first || inFile[^1].Sequence != last)
            {
                problems.Add($"{Path.GetFileName(segment)} holds {Describe(inFile)}, not what its name says");
            }
        }
        var journal = Path.Combine(dataDirectory, "current_session.jsonl");
        if (File.Exists(journal))
        {
            invalid += ReadRecords(journal, records, problems);
        }
        invalid += CheckJsonLines(Path.Combine(dataDirectory, "rejected.jsonl"), problems);

        CheckSequences(records, problems);
        var duplicated = CheckIds(records, acked, problems);
        var checkpoints = CheckCheckpoints(dataDirectory, records, problems);
        var lastSequence = records.Count == 0 ? 0 : records.Max(r => r.Sequence);
        return new HistoryReport(records.Select(r => r.Id).ToList(), lastSequence, segments.Length, checkpoints, invalid, duplicated, Leftovers(dataDirectory), problems);
    }

    /// <summary>Inspects the directory right after a SIGKILL, as a reader would (tolerating what recovery repairs).</summary>
    /// <remarks>
    /// Acks received before the process was dead were all sent before it died, so each of those Ids must already be
    /// in the files: the daemon acks only after write + fsync. (SIGKILL keeps the page cache, so this proves
    /// write-before-ack ordering; losing unfsynced pages needs a LazyFS-style fault layer.)
    /// </remarks>
    public static KillScene InspectAfterKill(string dataDirectory, IEnumerable<string> ackedBeforeKill)
    {
        var ids = JournalReader.ReadAll(dataDirectory).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var missing = ackedBeforeKill.Where(id => !ids.Contains(id)).Order(StringComparer.Ordinal).ToList();

        var journal = Path.Combine(dataDirectory, "current_session.jsonl");
        long torn = 0;
        long firstInJournal = 0;
        if (File.Exists(journal))
        {
            var bytes = File.ReadAllBytes(journal);
            torn = bytes.Length - (Array.LastIndexOf(bytes, (byte)'\n') + 1);
            firstInJournal = JournalReader.ReadFile(journal).Select(r => r.Sequence).FirstOrDefault();
        }
        var sessions = Path.Combine(dataDirectory, "sessions");
        var newest = Directory.Exists(sessions)
            ? Directory.GetFiles(sessions, "*" + SegmentName.Extension).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        var overlap = newest is not null && SegmentName.TryParse(newest, out _, out var segmentLast) && firstInJournal > 0 && firstInJournal <= segmentLast;

        return new KillScene(torn, overlap, Leftovers(dataDirectory).Count, missing);
    }

    /// <summary>Temp files of a segment being written (sessions/), of the journal's prefix being cut (data directory) or
    /// of a seal (checkpoints/), and checkpoint files the manifest does not list.</summary>
    private static List<string> Leftovers(string dataDirectory)
    {
        var found = Directory.GetFiles(dataDirectory, "*.tmp").ToList();
        var sessions = Path.Combine(dataDirectory, "sessions");
        if (Directory.Exists(sessions))
        {
            found.AddRange(Directory.GetFiles(sessions, "*.tmp"));
        }
        var checkpoints = Path.Combine(dataDirectory, "checkpoints");
        if (Directory.Exists(checkpoints))
        {
            var listed = CheckpointManifest.Load(Path.Combine(checkpoints, "index.json")).Checkpoints
                .SelectMany(c => c.Files).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            found.AddRange(Directory.GetFiles(checkpoints).Where(f => Path.GetFileName(f) != "index.json" && !listed.Contains(Path.GetFileName(f))));
        }
        return found.Select(f => Path.GetRelativePath(dataDirectory, f)).ToList();
    }

    /// <summary>Appends the records of one journal file; returns how many of its lines were invalid.</summary>
    private static int ReadRecords(string path, List<(long, string)> records, List<string> problems)
    {
        var invalid = 0;
        foreach (var (line, number, error) in SplitLines(path))
        {
            if (error is not null)
            {
                invalid++;
                problems.Add($"{Path.GetFileName(path)}:{number}: {error}");
            }
            else if (LedgerRecordJson.TryParse(line, out var record, out var parseError))
            {
                records.Add((record.Sequence, record.Id));
            }
            else
            {
                invalid++;
                problems.Add($"{Path.GetFileName(path)}:{number}: {parseError}");
            }
        }
        return invalid;
    }

    private static int CheckJsonLines(string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        var invalid = 0;
        foreach (var (line, number, error) in SplitLines(path))
        {
            var reason = error;
            if (reason is null)
            {
                try
                {
                    using var _ = JsonDocument.Parse(line);
                }
                catch (JsonException ex)
                {
                    reason = ex.Message;
                }
            }
            if (reason is not null)
            {
                invalid++;
                problems.Add($"{Path.GetFileName(path)}:{number}: {reason}");
            }
        }
        return invalid;
    }

    /// <summary>Every line of a (possibly gzip'd) file; an empty line or a last line without newline is an error.</summary>
    private static IEnumerable<(byte[] Line, int Number, string? Error)> SplitLines(string path)
    {
        byte[] bytes;
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gzip.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        else
        {
            bytes = File.ReadAllBytes(path);
        }
        var start = 0;
        var number = 0;
        while (start < bytes.Length)
        {
            number++;
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            if (newline < 0)
            {
                yield return (bytes[start..], number, $"partial last line of {bytes.Length - start} bytes (a torn tail recovery should have cut)");
                yield break;
            }
            var line = bytes[start..newline];
            yield return (line, number, line.Length == 0 ? "empty line" : null);
            start = newline + 1;
        }
    }

    private static void CheckSequences(List<(long Sequence, string Id)> records, List<string> problems)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Sequence != i + 1)
            {
                problems.Add($"record #{i + 1} (Id {records[i].Id}) has Sequence {records[i].Sequence}; history must run 1..N in file order "
                    + $"(previous {(i == 0 ? "none" : records[i - 1].Sequence.ToString())})");
                return; // one misplacement shifts every later record; the first one is the useful report
            }
        }
    }

    private static int CheckIds(List<(long Sequence, string Id)> records, IReadOnlyDictionary<string, long> acked, List<string> problems)
    {
        var sequencesById = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var (sequence, id) in records)
        {
            if (!sequencesById.TryGetValue(id, out var list))
            {
                sequencesById[id] = list = [];
            }
            list.Add(sequence);
        }
        var duplicated = 0;
        foreach (var (id, sequences) in sequencesById.Where(p => p.Value.Count > 1))
        {
            duplicated += sequences.Count - 1;
            problems.Add($"Id {id} appears {sequences.Count} times, at Sequences {string.Join(", ", sequences)}");
        }
        foreach (var (id, ackedSequence) in acked)
        {
            if (!sequencesById.TryGetValue(id, out var sequences))
            {
                problems.Add($"acked Id {id} (Sequence {ackedSequence}) is missing: a lost acknowledged write");
            }
            else if (!sequences.Contains(ackedSequence))
            {
                problems.Add($"acked Id {id} was acked with Sequence {ackedSequence} but is stored at {string.Join(", ", sequences)}");
            }
        }
        return duplicated;
    }

    /// <summary>Manifest, ranges, hashes and JSON contents of every checkpoint; returns how many are listed.</summary>
    private static int CheckCheckpoints(string dataDirectory, List<(long Sequence, string Id)> records, List<string> problems)
    {
        var directory = Path.Combine(dataDirectory, "checkpoints");
        CheckpointManifest manifest;
        try
        {
            manifest = CheckpointManifest.Load(Path.Combine(directory, "index.json"));
        }
        catch (CheckpointFormatException ex)
        {
            problems.Add("manifest does not load: " + ex.Message);
            return 0;
        }
        long expectedFirst = 1;
        foreach (var entry in manifest.Checkpoints)
        {
            var name = $"checkpoint {entry.Label} {entry.FirstSequence}..{entry.LastSequence}";
            if (entry.FirstSequence != expectedFirst || entry.LastSequence < entry.FirstSequence)
            {
                problems.Add($"{name}: expected to start at {expectedFirst} (ranges contiguous, non-overlapping, from 1)");
            }
            if (entry.Count != entry.LastSequence - entry.FirstSequence + 1)
            {
                problems.Add($"{name}: Count {entry.Count} does not match its range");
            }
            if (entry.LastSequence > records.Count)
            {
                problems.Add($"{name}: ends beyond the history's last Sequence {records.Count}");
            }
            expectedFirst = entry.LastSequence + 1;
            foreach (var file in entry.Files)
            {
                var path = Path.Combine(directory, file.Name);
                if (!File.Exists(path))
                {
                    problems.Add($"{name}: listed file {file.Name} is missing");
                    continue;
                }
                var sha = CheckpointSealer.Sha256Of(path);
                if (sha != file.Sha256 || new FileInfo(path).Length != file.Bytes)
                {
                    problems.Add($"{name}: {file.Name} has sha256 {sha} ({new FileInfo(path).Length} B), manifest says {file.Sha256} ({file.Bytes} B)");
                }
                if (file.Name.EndsWith(".json", StringComparison.Ordinal))
                {
                    CheckCheckpointJson(path, name, entry, records, problems);
                }
            }
        }
        return manifest.Checkpoints.Count;
    }

    private static void CheckCheckpointJson(string path, string name, CheckpointEntry entry, List<(long Sequence, string Id)> records, List<string> problems)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var messages = document.RootElement.GetProperty("Messages").EnumerateArray()
            .Select(m => (Sequence: m.GetProperty("Sequence").GetInt64(), Id: m.GetProperty("Id").GetString()!))
            .ToList();
        var expected = Enumerable.Range(0, (int)Math.Max(0, entry.LastSequence - entry.FirstSequence + 1))
            .Select(i => entry.FirstSequence + i)
            .ToList();
        if (!messages.Select(m => m.Sequence).SequenceEqual(expected))
        {
            problems.Add($"{name}: JSON Messages hold {Describe(messages)}, not exactly its range");
            return;
        }
        foreach (var (sequence, id) in messages)
        {
            if (sequence >= 1 && sequence <= records.Count && records[(int)sequence - 1].Id != id)
            {
                problems.Add($"{name}: Sequence {sequence} is {id} in the checkpoint but {records[(int)sequence - 1].Id} in the journal");
                return;
            }
        }
    }

    private static string Describe(List<(long Sequence, string Id)> records) =>
        records.Count == 0 ? "no records" : $"{records.Count} records, Sequences {records[0].Sequence}..{records[^1].Sequence}";
}
