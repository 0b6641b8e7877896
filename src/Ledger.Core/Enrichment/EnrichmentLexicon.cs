namespace Ledger.Core.Enrichment;

/// <summary>The rules compiled into word tables: what one lower-case token means for every rule at once.</summary>
/// <remarks>
/// Folded table: domain keywords and tier cues (tense-insensitive). Surface table: stop words and status/logic cues
/// (exact lower-case words). Both are probed with spans through alternate lookups: no string per token. Agent
/// vocabulary repeats, so the combined answer per surface word is memoised per thread (<see cref="WordMemo"/>): a hit
/// costs one probe and skips folding. The memo holds values of a pure function, so it never changes a result.
/// </remarks>
internal sealed class EnrichmentLexicon
{
    /// <summary>Tokens longer than this are never folded or matched; no rule word is that long.</summary>
    public const int MaxWordLength = 48;

    private readonly ThreadLocal<WordMemo> _memos = new(() => new WordMemo());

    private readonly Dictionary<string, FoldedWord> _folded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SurfaceWord> _surface = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FoldedWord>.AlternateLookup<ReadOnlySpan<char>> _foldedLookup;
    private readonly Dictionary<string, SurfaceWord>.AlternateLookup<ReadOnlySpan<char>> _surfaceLookup;

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
        _foldedLookup = _folded.GetAlternateLookup<ReadOnlySpan<char>>();
        _surfaceLookup = _surface.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The calling thread's memo; fetch once per message and pass it to <see cref="Lookup"/>.</summary>
    public WordMemo ThreadMemo => _memos.Value!;

    /// <summary>Everything the rules say about one lower-case token.</summary>
    /// <param name="token">Lower-case token.</param>
    /// <param name="memo">The calling thread's memo.</param>
    /// <param name="wordId">The token's id in <paramref name="memo"/>, or -1 when it is not remembered.</param>
    public WordInfo Lookup(ReadOnlySpan<char> token, WordMemo memo, out int wordId)
    {
        var hash = WordMemo.Hash(token);
        if (memo.TryGet(token, hash, out var info, out wordId))
        {
            return info;
        }
        info = Compute(token);
        wordId = token.Length <= MaxWordLength ? memo.TryAdd(token, hash, info) : -1;
        return info;
    }

    private WordInfo Compute(ReadOnlySpan<char> token)
    {
        _surfaceLookup.TryGetValue(token, out var surface);
        var folded = default(FoldedWord);
        if (token.Length <= MaxWordLength)
        {
            Span<char> buffer = stackalloc char[MaxWordLength];
            token.CopyTo(buffer);
            _foldedLookup.TryGetValue(buffer[..WordFolder.Fold(buffer[..token.Length])], out folded);
        }
        return new WordInfo(surface.IsStopWord, surface.StatusMask, surface.LogicMask, folded.DomainMask, folded.TierCueMask);
    }

    /// <summary>The combined meaning of one surface word: stop word, cue bits and domain votes.</summary>
    public readonly record struct WordInfo(bool IsStopWord, uint StatusMask, uint LogicMask, uint DomainMask, ulong TierCueMask);

    /// <summary>What a folded word votes for: bit d = domain d, bit t = tier rule t's cue list.</summary>
    private readonly record struct FoldedWord(uint DomainMask, ulong TierCueMask);

    /// <summary>What an exact word signals: stop word, bit s = status rule s, bit l = logic rule l.</summary>
    private readonly record struct SurfaceWord(bool IsStopWord, uint StatusMask, uint LogicMask);
}
