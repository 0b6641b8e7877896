namespace Ledger.Daemon.Options;

/// <summary>Journal rotation and checkpoint retention (<c>Ledger:Retention:*</c>).</summary>
internal sealed class RetentionOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Retention";

    /// <summary>Rotate the journal into sessions/ once it is this large (bytes). Default 52,428,800 (50 MB).</summary>
    public long MaxJournalBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Rotate the journal once its first record is this old (days). Default 7.</summary>
    public double MaxJournalAgeDays { get; set; } = 7;

    /// <summary>Gzip checkpoints into checkpoints/archive/ once they are this old (days). Default 30.</summary>
    public double CheckpointArchiveDays { get; set; } = 30;

    public IEnumerable<string> Validate()
    {
        if (MaxJournalBytes < 1024)
        {
            yield return $"Ledger:Retention:MaxJournalBytes must be at least 1024, got {MaxJournalBytes}";
        }
        if (MaxJournalAgeDays <= 0)
        {
            yield return $"Ledger:Retention:MaxJournalAgeDays must be > 0, got {MaxJournalAgeDays}";
        }
        if (CheckpointArchiveDays <= 0)
        {
            yield return $"Ledger:Retention:CheckpointArchiveDays must be > 0, got {CheckpointArchiveDays}";
        }
    }
}
