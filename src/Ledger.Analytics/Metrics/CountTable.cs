using Ledger.Analytics.Model;

namespace Ledger.Analytics.Metrics;

/// <summary>Message counts per distinct name; memory grows with distinct names only.</summary>
internal sealed class CountTable
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public int Distinct => _counts.Count;

    public IEnumerable<long> Counts => _counts.Values;

    public void Add(string name)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, name, out _);
        slot++;
    }

    public long this[string name] => _counts.GetValueOrDefault(name);

    /// <summary>Most frequent first; ties by name (ordinal) so reports are reproducible.</summary>
    public IReadOnlyList<NamedCount> Ranked(int limit = int.MaxValue) =>
        _counts
            .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(pair => new NamedCount(pair.Key, pair.Value))
            .ToArray();
}
