namespace Ledger.Core.Enrichment;

/// <summary>The rules compiled into two word tables, so each message token costs two hash lookups in total.</summary>
/// <remarks>
/// Folded table: domain keywords and tier cues (tense-insensitive). Surface table: stop words and status/logic cues
/// (exact lower-case words). Both are probed with spans through alternate lookups: no string per token.
/// </remarks>
internal sealed class EnrichmentLexicon
{
    /// <summary>Tokens longer than this are never folded or matched; no rule word is that long.</summary>
    public const int MaxWordLength = 48;

    private readonly Dictionary<string, FoldedWord> _folded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SurfaceWord> _surface = new(StringComparer.Ordinal);

    public EnrichmentLexicon(EnrichmentRules rules)
    {
        for (var d = 0; d < rules.Domains.Count; d++)
        {
            foreach (var keyword in rules.Domains[d].Keywords)
            {
                var key = WordFolder.Fold(keyword);
                _folded[key] = _folded.GetValueOrDefault(key) with { DomainMask = _folded.GetValueOrDefault(key).DomainMask | 1u << d };
            }
        }
        for (var t = 0; t < rules.TierRules.Count; t++)
        {
            foreach (var cue in rules.TierRules[t].Cues)
            {
                var key = WordFolder.Fold(cue);
                _folded[key] = _folded.GetValueOrDefault(key) with { TierCueMask = _folded.GetValueOrDefault(key).TierCueMask | 1UL << t };
            }
        }
        foreach (var word in rules.StopWords)
        {
            _surface[word] = _surface.GetValueOrDefault(word) with { IsStopWord = true };
        }
        for (var s = 0; s < rules.StatusRules.Count; s++)
        {
            foreach (var cue in rules.StatusRules[s].Cues)
            {
                _surface[cue] = _surface.GetValueOrDefault(cue) with { StatusMask = _surface.GetValueOrDefault(cue).StatusMask | 1u << s };
            }
        }
        for (var l = 0; l < rules.LogicRules.Count; l++)
        {
            foreach (var cue in rules.LogicRules[l].Cues)
            {
                _surface[cue] = _surface.GetValueOrDefault(cue) with { LogicMask = _surface.GetValueOrDefault(cue).LogicMask | 1u << l };
            }
        }
        Folded = _folded.GetAlternateLookup<ReadOnlySpan<char>>();
        Surface = _surface.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public Dictionary<string, FoldedWord>.AlternateLookup<ReadOnlySpan<char>> Folded { get; }

    public Dictionary<string, SurfaceWord>.AlternateLookup<ReadOnlySpan<char>> Surface { get; }

    /// <summary>What a folded word votes for: bit d = domain d, bit t = tier rule t's cue list.</summary>
    public readonly record struct FoldedWord(uint DomainMask, ulong TierCueMask);

    /// <summary>What an exact word signals: stop word, bit s = status rule s, bit l = logic rule l.</summary>
    public readonly record struct SurfaceWord(bool IsStopWord, uint StatusMask, uint LogicMask);
}
