namespace Ledger.Daemon.Options;

/// <summary>Journal and exactly-once settings (<c>Ledger:Journal:*</c>).</summary>
internal sealed class JournalOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Journal";

    /// <summary>How many recent Ids are remembered for exactly-once by Id. Default 1,000,000 (≈ 45 MB).</summary>
    public int DedupWindow { get; set; } = 1_000_000;

    /// <summary>Most bytes of journal lines in one group commit. Default 4,194,304 (4 MiB).</summary>
    public int MaxCommitBytes { get; set; } = 4 << 20;

    public IEnumerable<string> Validate()
    {
        if (DedupWindow is < 1 or > 100_000_000)
        {
            yield return $"Ledger:Journal:DedupWindow must be in [1, 100000000], got {DedupWindow}";
        }
        if (MaxCommitBytes < 64 * 1024)
        {
            yield return $"Ledger:Journal:MaxCommitBytes must be at least 65536, got {MaxCommitBytes}";
        }
    }
}
