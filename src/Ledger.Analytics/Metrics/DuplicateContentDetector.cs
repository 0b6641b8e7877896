namespace Ledger.Analytics.Metrics;

/// <summary>Counts messages whose content hash was seen before, keeping 8 bytes per distinct content.</summary>
/// <remarks>
/// The first 64 bits of the MD5 <c>content_hash</c> are stored in a <see cref="HashSet{T}"/> of <see cref="ulong"/>
/// (~20–40 bytes per entry with the set's slack). Two different contents share a prefix with probability ≈ n²/2⁶⁵
/// (4·10⁻⁷ at 4 million contents), which is far below any figure a report shows. Memory grows with distinct contents,
/// so it is capped at <see cref="MaxDistinctContents"/> (≈ 100–160 MB worst case); past the cap new contents are no
/// longer remembered, duplicates of remembered ones are still counted, and <see cref="IsExact"/> turns false.
/// </remarks>
internal sealed class DuplicateContentDetector
{
    public const int MaxDistinctContents = 4_000_000;

    private readonly HashSet<ulong> _seen = [];
    private bool _saturated;

    public long Duplicates { get; private set; }

    /// <summary>False once the cap was reached: the duplicate count is then a lower bound.</summary>
    public bool IsExact => !_saturated;

    /// <summary>Adds one message by the first 64 bits of its MD5 content hash.</summary>
    public void Add(ulong key)
    {
        if (_seen.Contains(key))
        {
            Duplicates++;
        }
        else if (_seen.Count < MaxDistinctContents)
        {
            _seen.Add(key);
        }
        else
        {
            _saturated = true;
        }
    }
}
