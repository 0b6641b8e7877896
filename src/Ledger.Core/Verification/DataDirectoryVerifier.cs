using Ledger.Core.Checkpoints;

namespace Ledger.Core.Verification;

/// <summary>Checks a whole data directory offline: journal history, dead letters, checkpoints and their archives.</summary>
/// <remarks>
/// <para>Read-only and streaming: memory is bounded by the longest line or JSON token, plus 16 bytes per record for
/// the duplicate-Id check. Safe to run next to a live daemon; a line being appended shows up as a torn-tail warning.</para>
/// <para>Checks, in order: the manifest loads and has a known version; every segment, the journal and rejected.jsonl
/// parse line by line; Sequences run +1 across segments then the journal (gaps, duplicates, missing segments,
/// segment names matching their content); Ids are unique; each checkpoint's range is contiguous with the previous
/// one and inside the history; each checkpoint file exists live or archived, matches its manifest SHA-256 and size,
/// its JSON header and Messages match the entry, and its Parquet footer's row count equals the entry's Count.</para>
/// </remarks>
public sealed class DataDirectoryVerifier
{
    private readonly DataDirectoryLayout _layout;
    private readonly int _listedPerKind;

    /// <param name="layout">The data directory.</param>
    /// <param name="listedPerKind">Problems of one kind listed before the rest are only counted.</param>
    public DataDirectoryVerifier(DataDirectoryLayout layout, int listedPerKind = 10)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listedPerKind);
        _layout = layout;
        _listedPerKind = listedPerKind;
    }

    public VerificationResult Verify()
    {
        var problems = new ProblemLog(_layout.Root, _listedPerKind);
        var manifest = LoadManifest(problems);
        var history = new JournalHistoryCheck(_layout, problems, CheckpointedPrefix(manifest));
        history.Run();
        if (manifest is not null)
        {
            new CheckpointCheck(_layout, problems).Run(manifest, history.LastSequence);
        }
        RejectedFileCheck.Run(_layout.Rejected, problems);
        return new VerificationResult
        {
            Problems = problems.Listed(),
            ErrorCount = problems.ErrorCount,
            WarningCount = problems.WarningCount,
            RecordCount = history.RecordCount,
            FileCount = history.FileCount,
            CheckpointCount = manifest?.Checkpoints.Count ?? 0,
        };
    }

    private CheckpointManifest? LoadManifest(ProblemLog problems)
    {
        try
        {
            return CheckpointManifest.Load(_layout.CheckpointIndex);
        }
        catch (Exception ex) when (ex is CheckpointFormatException or IOException)
        {
            problems.Error("manifest", _layout.CheckpointIndex, null, ex.Message);
            return null;
        }
    }

    /// <summary>The last Sequence of the run of checkpoints contiguous from 1: records that need no segment.</summary>
    private static long CheckpointedPrefix(CheckpointManifest? manifest)
    {
        long prefix = 0;
        foreach (var entry in manifest?.Checkpoints ?? [])
        {
            if (entry.FirstSequence != prefix + 1)
            {
                break;
            }
            prefix = entry.LastSequence;
        }
        return prefix;
    }
}
