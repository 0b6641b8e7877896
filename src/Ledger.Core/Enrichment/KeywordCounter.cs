namespace Ledger.Core.Enrichment;

/// <summary>Counts token frequencies over slices of one text with a small open-addressing table.</summary>
/// <remarks>
/// Allocates nothing per token: entries are (start, length, hash, count) in one reused array, inserted in order of
/// first occurrence, so "ties by first occurrence" is simply the lower entry index. Only the winners become strings.
/// </remarks>
internal ref struct KeywordCounter
{
    private readonly ReadOnlySpan<char> _text;
    private readonly Entry[] _entries;
    private readonly int[] _buckets;
    private readonly int _mask;
    private int _count;

    /// <summary>
    /// The hash buckets are cleared on the first token counted by its text: most messages are counted by word id
    /// alone, and clearing a table sized for the whole text was a memset per message for nothing.
    /// </summary>
    private bool _bucketsCleared;

    /// <param name="text">The lower-cased text whose slices are counted.</param>
    /// <param name="scratch">Where the tables go: the enricher's per-thread buffers.</param>
    public KeywordCounter(ReadOnlySpan<char> text, EnrichmentScratch scratch)
    {
        _text = text;
        // Tokens are separated by at least one character, so a text holds at most (length + 1) / 2 tokens.
        var capacity = text.Length / 2 + 1;
        _entries = scratch.CounterEntries(capacity);
        var buckets = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        _buckets = scratch.CounterBuckets(buckets);
        _mask = buckets - 1;
        _count = 0;
        _bucketsCleared = false;
    }

    /// <summary>Counts a token the word memo knows: its id finds its entry without hashing or comparing text.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(int start, int length, int wordId, WordMemo memo)
    {
        if (wordId < 0)
        {
            Add(start, length);
            return;
        }
        var entry = memo.CounterSlot(wordId);
        if (entry >= 0)
        {
            _entries[entry].Count++;
            return;
        }
        memo.SetCounterSlot(wordId, _count);
        Append(start, length, 0, wordId);
    }

    /// <summary>Counts a token by its text (tokens the memo does not hold).</summary>
    public void Add(int start, int length)
    {
        if (!_bucketsCleared)
        {
            Array.Clear(_buckets, 0, _mask + 1);
            _bucketsCleared = true;
        }
        var token = _text.Slice(start, length);
        var hash = string.GetHashCode(token);
        var slot = hash & _mask;
        while (true)
        {
            var entry = _buckets[slot] - 1;
            if (entry < 0)
            {
                _buckets[slot] = Append(start, length, hash, -1) + 1;
                return;
            }
            ref var found = ref _entries[entry];
            if (found.Hash == hash && _text.Slice(found.Start, found.Length).SequenceEqual(token))
            {
                found.Count++;
                return;
            }
            slot = (slot + 1) & _mask;
        }
    }

    private int Append(int start, int length, int hash, int wordId)
    {
        // One store of the whole entry: with five ints in a flat array, each store was bounds-checked and the array
        // reloaded, on the path every first sighting of a word in a message takes.
        _entries[_count] = new Entry(start, length, hash, 1, wordId);
        return _count++;
    }

    /// <summary>The <paramref name="n"/> most frequent tokens, ties broken by first occurrence.</summary>
    /// <param name="n">How many.</param>
    /// <param name="memo">The memo whose word ids were counted (<see cref="Add(int, int, int, WordMemo)"/>), to reuse its strings.</param>
    /// <remarks>
    /// One pass keeping the winners sorted by (count descending, first occurrence ascending): entries arrive in
    /// order of first occurrence, so a later entry displaces a winner only with a strictly higher count.
    /// </remarks>
    public readonly string[] Top(int n, WordMemo memo)
    {
        var size = Math.Min(n, _count);
        if (size == 0)
        {
            return [];
        }
        var result = new string[size];
        TopInto(result, memo);
        return result;
    }

    /// <summary>
    /// Like <see cref="Top"/> for n = <paramref name="destination"/>'s length, into <paramref name="destination"/>;
    /// returns how many were written (fewer when the text has fewer distinct keywords).
    /// </summary>
    public readonly int TopInto(Span<string> destination, WordMemo memo)
    {
        var size = Math.Min(destination.Length, _count);
        if (size == 0)
        {
            return 0;
        }
        Span<int> best = stackalloc int[size];
        var filled = 0;
        for (var i = 0; i < _count; i++)
        {
            var count = _entries[i].Count;
            if (filled == size && count <= _entries[best[size - 1]].Count)
            {
                continue;
            }
            var at = filled < size ? filled++ : size - 1;
            while (at > 0 && _entries[best[at - 1]].Count < count)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        for (var k = 0; k < size; k++)
        {
            ref readonly var entry = ref _entries[best[k]];
            // A word the memo knows is the memo's string for it, made once per thread rather than once per message.
            destination[k] = entry.WordId >= 0 ? memo.Text(entry.WordId) : _text.Slice(entry.Start, entry.Length).ToString();
        }
        return size;
    }

    /// <summary>A counted token: where it first occurs, its text hash, how often, and the memo's word id (-1 for a word counted by its text).</summary>
    internal record struct Entry(int Start, int Length, int Hash, int Count, int WordId);
}
