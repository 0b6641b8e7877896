using System.Buffers;
using System.Runtime.CompilerServices;
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

    /// <summary>Longest word found by a one-number packed key (<see cref="WordMemo.TryGetPacked"/>).</summary>
    private const int ShortKeyChars = 8;

    /// <summary>Longest word found by a two-number packed key (<see cref="WordMemo.TryGetPackedLong"/>).</summary>
    private const int LongKeyChars = 16;

    /// <summary>Characters after the text the run scan may read: a long word's key is read as sixteen characters.</summary>
    private const int AsciiPadding = LongKeyChars;

    /// <summary>Marks a packed memo value whose word is counted as a keyword candidate (not a stop word); word ids stay far below it.</summary>
    private const int CandidateFlag = 1 << 30;

    public MetadataEnricher(EnrichmentRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _lexicon = new EnrichmentLexicon(rules);
        _domains = new DomainClassifier(rules);
        _tiers = new TierClassifier(rules);
        _tagger = new ShlTagger(rules);
    }

    /// <summary>The calling thread's word memo (made on first use); for tests of what a thread has warmed.</summary>
    internal WordMemo ThreadMemo => _lexicon.ThreadMemo;

    /// <summary>
    /// Whether text takes <see cref="ScanRuns"/> rather than the plain <see cref="Scan"/>; tests turn it off to hold
    /// the two to the same answers.
    /// </summary>
    internal bool UseRunScan { get; init; } = true;

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
        return Enrich(message, ContentHasher.Md5Hex(message), clientJson);
    }

    /// <summary>
    /// Enriches a message held as UTF-8, which must be valid (the decoder checked it); the same result as
    /// <see cref="Enrich(string, string?)"/> on its text.
    /// </summary>
    /// <remarks>The ingest path: the hash is taken from these bytes, and the text exists as characters only in a pooled buffer.</remarks>
    internal RecordMetadata Enrich(ReadOnlySpan<byte> messageUtf8, string? clientJson)
    {
        Span<byte> md5 = stackalloc byte[Md5.HashSizeInBytes];
        Md5.HashData(messageUtf8, md5);
        return Enrich(messageUtf8, System.Runtime.InteropServices.MemoryMarshal.Read<UInt128>(md5), clientJson);
    }

    /// <summary>
    /// Like <see cref="Enrich(ReadOnlySpan{byte}, string?)"/> with the message's MD5 already taken (the ingest path
    /// hashes a chunk of messages at once, see <see cref="Md5MultiBuffer"/>).
    /// </summary>
    internal RecordMetadata Enrich(ReadOnlySpan<byte> messageUtf8, UInt128 contentMd5, string? clientJson) =>
        EnrichFields(messageUtf8, contentMd5, clientJson).ToRecordMetadata();

    /// <summary>
    /// Like <see cref="Enrich(ReadOnlySpan{byte}, UInt128, string?)"/>, as fields for the journal writer rather than a
    /// <see cref="RecordMetadata"/>: the ingest path writes the line at once. The keywords lie in this thread's scratch
    /// until it enriches its next message.
    /// </summary>
    internal MetadataFields EnrichFields(ReadOnlySpan<byte> messageUtf8, UInt128 contentMd5, string? clientJson)
    {
        // One memo fetch per message: it serves the scan, lends the keywords their strings and holds the buffers.
        var memo = _lexicon.ThreadMemo;
        // A UTF-8 text never has more UTF-16 units than bytes.
        var padded = memo.Scratch.Text(messageUtf8.Length + AsciiPadding);
        // All-ASCII text (most of it) is widened and lower-cased in one vectorized pass, other text decoded as it is lowered.
        // Non-ASCII text is also checked for the line writer on the way (MetadataFields.MessageVerbatim): one decode, not two.
        var length = LowerCase.FromUtf8(messageUtf8, padded, out var allAscii, out var verbatim);
        return EnrichLowered(padded, length, null, contentMd5, clientJson, allAscii, memo, verbatim);
    }

    private RecordMetadata Enrich(ReadOnlySpan<char> message, string contentHash, string? clientJson)
    {
        var memo = _lexicon.ThreadMemo;
        var padded = memo.Scratch.Text(message.Length + AsciiPadding);
        LowerCase.Invariant(message, padded);
        return EnrichLowered(padded, message.Length, contentHash, null, clientJson, allAscii: false, memo).ToRecordMetadata();
    }

    /// <summary>
    /// Enriches the lower-cased text <paramref name="padded"/>[..<paramref name="length"/>]; the buffer has
    /// <see cref="AsciiPadding"/> spare characters after it (the run scan reads a word's packed key as up to sixteen at once).
    /// <paramref name="allAscii"/> says the text is known to be all ASCII, which spares the run scan its non-ASCII checks.
    /// The content hash is given as text or, on the ingest path, as the digest (see <see cref="RecordMetadata.ContentMd5"/>).
    /// </summary>
    private MetadataFields EnrichLowered(char[] padded, int length, string? contentHash, UInt128? contentMd5, string? clientJson, bool allAscii, WordMemo memo,
        bool messageVerbatim = false)
    {
        var lower = padded.AsSpan(0, length);
        Span<int> domainHits = stackalloc int[_domains.Count];
        var counter = new KeywordCounter(lower, memo.Scratch);
        memo.BeginMessage();
        var cues = UseRunScan
            ? ScanRuns(lower, padded, allAscii, memo, domainHits, ref counter)
            : Scan(lower, memo, domainHits, ref counter);
        var domain = DomainClassifier.Pick(domainHits);
        var tier = _tiers.Classify(domain, cues.TierCueMask);
        // Lower-casing never makes or removes a question mark, so the lowered text answers for the original.
        var hasQuestionMark = lower.IndexOfAny('?', '？') >= 0;
        var keywords = memo.Scratch.Keywords(_rules.KeywordCount);
        var keywordCount = counter.TopInto(keywords.AsSpan(0, _rules.KeywordCount), memo);
        return new MetadataFields
        {
            ChainType = _domains.Name(domain),
            AceTier = tier,
            ShlTags = _tagger.Tags(cues.StatusMask, cues.LogicMask, hasQuestionMark, domain, _domains.Tag(domain), tier),
            Consolidated = false,
            OriginalMessageCount = 1,
            Keywords = keywords.AsSpan(0, keywordCount),
            ContentMd5 = contentMd5,
            ContentHash = contentHash,
            ClientJson = ClientMetadataMerger.Merge(clientJson),
            MessageVerbatim = messageVerbatim,
        };
    }

    /// <summary>Tokenizes any text with <see cref="Tokenizer"/> and looks every token up by its characters.</summary>
    private ScanResult Scan(ReadOnlySpan<char> lower, WordMemo memo, scoped Span<int> domainHits, ref KeywordCounter counter)
    {
        var result = new ScanResult();
        var tokens = new Tokenizer(lower);
        while (tokens.MoveNext(out var start, out var length, out var isCjk))
        {
            var token = lower.Slice(start, length);
            var word = _lexicon.Lookup(token, memo, out var wordId);
            result.Add(word, domainHits);
            if (!word.IsStopWord && IsKeywordCandidate(token, isCjk))
            {
                counter.Add(start, length, wordId, memo);
            }
        }
        return result;
    }

    /// <summary>
    /// The same as <see cref="Scan"/>, faster: <see cref="WordRunTokenizer"/> finds the runs that can hold words; a
    /// run of ASCII letters and digits is one token, and one of up to eight characters is found by its packed key
    /// (<see cref="WordMemo.TryGetPacked"/>); a run with other characters goes through <see cref="Tokenizer"/>.
    /// <paramref name="padded"/> is the buffer that <paramref name="lower"/> starts, with at least
    /// <see cref="AsciiPadding"/> characters after it.
    /// </summary>
    private ScanResult ScanRuns(ReadOnlySpan<char> lower, ReadOnlySpan<char> padded, bool allAscii, WordMemo memo, scoped Span<int> domainHits, ref KeywordCounter counter)
    {
        var runs = new WordRunTokenizer(lower, allAscii, memo.Scratch);
        if (allAscii)
        {
            return ScanAsciiRuns(lower, padded, ref runs, memo, domainHits, ref counter);
        }
        var result = new ScanResult();
        while (runs.MoveNext(out var start, out var length, out var isAscii))
        {
            if (isAscii)
            {
                AddAsciiToken(lower, padded, start, length, memo, domainHits, ref result, ref counter);
                continue;
            }
            var tokens = new Tokenizer(lower.Slice(start, length));
            while (tokens.MoveNext(out var offset, out var tokenLength, out var isCjk))
            {
                var token = lower.Slice(start + offset, tokenLength);
                var word = _lexicon.Lookup(token, memo, out var wordId);
                result.Add(word, domainHits);
                if (!word.IsStopWord && IsKeywordCandidate(token, isCjk))
                {
                    counter.Add(start + offset, tokenLength, wordId, memo);
                }
            }
        }
        return result;
    }

    /// <summary>All-ASCII text, where every run is one token: the common case, and the hot loop of ingest.</summary>
    /// <remarks>
    /// The runs are found first, all at once (<see cref="WordRunTokenizer.AsciiRuns"/>): with
    /// <see cref="WordRunTokenizer.MoveNext"/> each token's lookup waited behind the search for its start, a chain
    /// of dependent steps from the last token's end.
    /// </remarks>
    private ScanResult ScanAsciiRuns(ReadOnlySpan<char> lower, ReadOnlySpan<char> padded, ref WordRunTokenizer runs, WordMemo memo,
        scoped Span<int> domainHits, ref KeywordCounter counter)
    {
        var capacity = (lower.Length + 1) / 2;
        var edges = memo.Scratch.RunEdges(2 * capacity);
        var starts = edges.AsSpan(0, capacity);
        var ends = edges.AsSpan(capacity, capacity);
        var count = runs.AsciiRuns(starts, ends);
        var result = new ScanResult();
        for (var i = 0; i < count; i++)
        {
            AddAsciiToken(lower, padded, starts[i], ends[i] - starts[i], memo, domainHits, ref result, ref counter);
        }
        return result;
    }

    /// <summary>One all-ASCII token: the packed-key hit is the hot path and is kept small enough to inline.</summary>
    /// <remarks>
    /// The daemon runs without tiered compilation (so without profile-guided inlining): the miss path lives in its
    /// own method so this one stays a few instructions long and the helpers it calls are inlined into the loop.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddAsciiToken(ReadOnlySpan<char> lower, ReadOnlySpan<char> padded, int start, int length, WordMemo memo,
        scoped Span<int> domainHits, ref ScanResult result, ref KeywordCounter counter)
    {
        int packed;
        if (length > ShortKeyChars)
        {
            packed = LookUpLongAsciiToken(lower, padded, start, length, memo);
        }
        else if (!memo.TryGetPacked(WordMemo.PackAscii(padded.Slice(start, ShortKeyChars), length), out packed))
        {
            packed = LookUpAsciiToken(lower, padded, start, length, memo);
        }
        var wordId = packed & ~CandidateFlag;
        ref readonly var word = ref wordId >= 0 ? ref memo.Info(wordId) : ref memo.Unremembered;
        result.Add(word, domainHits);
        if ((packed & CandidateFlag) != 0)
        {
            counter.Add(start, length, wordId, memo);
        }
    }

    /// <summary>A word of nine characters or more: by its two-number key up to <see cref="LongKeyChars"/>, else by its characters.</summary>
    /// <remarks>One word in ten of agent text is this long ("integration", "deployment"); the characters' hash and compare cost three times the key's probe.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int LookUpLongAsciiToken(ReadOnlySpan<char> lower, ReadOnlySpan<char> padded, int start, int length, WordMemo memo)
    {
        if (length <= LongKeyChars)
        {
            var low = WordMemo.PackAscii(padded.Slice(start, ShortKeyChars), ShortKeyChars);
            var high = WordMemo.PackAscii(padded.Slice(start + ShortKeyChars, ShortKeyChars), length - ShortKeyChars);
            if (memo.TryGetPackedLong(low, high, out var packed))
            {
                return packed;
            }
        }
        return LookUpAsciiToken(lower, padded, start, length, memo);
    }

    /// <summary>
    /// The slow path of <see cref="AddAsciiToken"/>: looks the token up by its characters, remembers its packed key,
    /// and returns (word id or -1) | <see cref="CandidateFlag"/>; the answer for a word the memo could not hold is
    /// left in <see cref="WordMemo.Unremembered"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int LookUpAsciiToken(ReadOnlySpan<char> lower, ReadOnlySpan<char> padded, int start, int length, WordMemo memo)
    {
        var token = lower.Slice(start, length);
        var word = _lexicon.Lookup(token, memo, out var wordId);
        // The flag says the word is counted (a candidate and not a stop word), so the hot path tests one bit.
        var value = (wordId & ~CandidateFlag) | (!word.IsStopWord && IsKeywordCandidate(token, isCjk: false) ? CandidateFlag : 0);
        if (wordId < 0)
        {
            memo.Unremembered = word;
        }
        else if (length <= ShortKeyChars)
        {
            memo.AddPacked(WordMemo.PackAscii(padded.Slice(start, ShortKeyChars), length), value);
        }
        else if (length <= LongKeyChars)
        {
            memo.AddPackedLong(
                WordMemo.PackAscii(padded.Slice(start, ShortKeyChars), ShortKeyChars),
                WordMemo.PackAscii(padded.Slice(start + ShortKeyChars, ShortKeyChars), length - ShortKeyChars),
                value);
        }
        return value;
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

        /// <summary>Adds one token's cues and domain votes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(in EnrichmentLexicon.WordInfo word, scoped Span<int> domainHits)
        {
            StatusMask |= word.StatusMask;
            LogicMask |= word.LogicMask;
            TierCueMask |= word.TierCueMask;
            for (var mask = word.DomainMask; mask != 0; mask &= mask - 1)
            {
                domainHits[System.Numerics.BitOperations.TrailingZeroCount(mask)]++;
            }
        }
    }
}
