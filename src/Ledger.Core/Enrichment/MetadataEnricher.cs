using System.Buffers;
using System.Text;
using Ledger.Core.Records;

namespace Ledger.Core.Enrichment;

/// <summary>Computes a record's Metadata from its message text and the client's metadata (DESIGN.md §6).</summary>
/// <remarks>
/// A deterministic pure function of (rules, message, client metadata): no clock, no randomness, no shared mutable
/// state, so it is safe to call from any number of threads. One pass tokenizes the lower-cased message; each token
/// costs one memoised span-keyed lookup and one counter update; strings are allocated only for the reported keywords.
/// docs/ENRICHMENT.md describes every rule.
/// </remarks>
public sealed class MetadataEnricher
{
    private readonly EnrichmentRules _rules;
    private readonly EnrichmentLexicon _lexicon;
    private readonly DomainClassifier _domains;
    private readonly TierClassifier _tiers;
    private readonly ShlTagger _tagger;

    public MetadataEnricher(EnrichmentRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _lexicon = new EnrichmentLexicon(rules);
        _domains = new DomainClassifier(rules);
        _tiers = new TierClassifier(rules);
        _tagger = new ShlTagger(rules);
    }

    /// <summary>The rules this enricher applies.</summary>
    public EnrichmentRules Rules => _rules;

    /// <summary>Enriches a decoded record; the caller assigns the result to <see cref="LedgerRecord.Metadata"/>.</summary>
    public RecordMetadata Enrich(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Enrich(record.Message, record.Metadata.ClientJson);
    }

    /// <summary>Enriches <paramref name="message"/>; <paramref name="clientJson"/> is the client's metadata object or null.</summary>
    public RecordMetadata Enrich(string message, string? clientJson)
    {
        ArgumentNullException.ThrowIfNull(message);
        var rented = ArrayPool<char>.Shared.Rent(Math.Max(1, message.Length));
        try
        {
            var lower = rented.AsSpan(0, message.Length);
            // Ascii.ToLower is vectorized; with invariant globalization ToLowerInvariant walks char by char (it was
            // a tenth of the daemon's CPU). Only text with non-ASCII characters takes the general path.
            if (Ascii.ToLower(message, lower, out _) != OperationStatus.Done)
            {
                message.AsSpan().ToLowerInvariant(lower);
            }
            Span<int> domainHits = stackalloc int[_domains.Count];
            var counter = new KeywordCounter(lower);
            try
            {
                var cues = Scan(lower, domainHits, ref counter);
                var domain = DomainClassifier.Pick(domainHits);
                var tier = _tiers.Classify(domain, cues.TierCueMask);
                var hasQuestionMark = message.AsSpan().IndexOfAny('?', '？') >= 0;
                return new RecordMetadata
                {
                    ChainType = _domains.Name(domain),
                    AceTier = tier,
                    ShlTags = _tagger.Tags(cues.StatusMask, cues.LogicMask, hasQuestionMark, _domains.Tag(domain), tier),
                    Consolidated = false,
                    OriginalMessageCount = 1,
                    Keywords = counter.Top(_rules.KeywordCount),
                    ContentHash = ContentHasher.Md5Hex(message),
                    ClientJson = ClientMetadataMerger.Merge(clientJson),
                };
            }
            finally
            {
                counter.Dispose();
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private ScanResult Scan(ReadOnlySpan<char> lower, scoped Span<int> domainHits, ref KeywordCounter counter)
    {
        var result = new ScanResult();
        var tokens = new Tokenizer(lower);
        var memo = _lexicon.ThreadMemo;
        memo.BeginMessage();
        while (tokens.MoveNext(out var start, out var length, out var isCjk))
        {
            var token = lower.Slice(start, length);
            var word = _lexicon.Lookup(token, memo, out var wordId);
            if (!word.IsStopWord && IsKeywordCandidate(token, isCjk))
            {
                counter.Add(start, length, wordId, memo);
            }
            result.StatusMask |= word.StatusMask;
            result.LogicMask |= word.LogicMask;
            result.TierCueMask |= word.TierCueMask;
            for (var mask = word.DomainMask; mask != 0; mask &= mask - 1)
            {
                domainHits[System.Numerics.BitOperations.TrailingZeroCount(mask)]++;
            }
        }
        return result;
    }

    private bool IsKeywordCandidate(ReadOnlySpan<char> token, bool isCjk)
    {
        // Han/Katakana words are often two characters (変更, 環境); numbers alone ("2025", "42") say nothing.
        var minLength = isCjk ? Math.Min(2, _rules.MinKeywordLength) : _rules.MinKeywordLength;
        return token.Length >= minLength && token.ContainsAnyExceptInRange('0', '9');
    }

    private struct ScanResult
    {
        public ulong TierCueMask;
        public uint StatusMask;
        public uint LogicMask;
    }
}
