namespace Ledger.Daemon.Options;

/// <summary>Journal and exactly-once settings (<c>Ledger:Journal:*</c>).</summary>
internal sealed class JournalOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Journal";

    /// <summary>How many recent Ids are remembered for exactly-once by Id. Default 250,000 (≈ 12 MB; measured: 1,000,000 cost ~120 MB more peak RSS).</summary>
    public int DedupWindow { get; set; } = 250_000;

    /// <summary>Most bytes of journal lines in one group commit. Default 2,097,152 (2 MiB).</summary>
    public int MaxCommitBytes { get; set; } = 2 << 20;

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
