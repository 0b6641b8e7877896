using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ledger.Core.Enrichment;

/// <summary>
/// Splits lower-case text into runs that can hold words: maximal stretches of ASCII letters, ASCII digits and
/// non-ASCII characters, found without a branch per character.
/// </summary>
/// <remarks>
/// <para>
/// A character-by-character loop mispredicts at almost every word boundary, and agent messages have one every six
/// characters: it was a tenth of the daemon's CPU. Here one vector compare classifies sixteen characters (eight
/// without 256-bit vectors) into two bit masks, and each run is found with two trailing-zero counts.
/// </para>
/// <para>
/// Every ASCII character other than a letter or digit ends every token of <see cref="Tokenizer"/>, so no token
/// crosses a run's edge. A run of ASCII letters and digits only (<c>isAscii</c>) is exactly one token; a run with
/// non-ASCII characters holds whatever <see cref="Tokenizer"/> finds in it (script changes, Hiragana, symbols such as
/// an em dash or an emoji split it further).
/// </para>
/// </remarks>
internal ref struct WordRunTokenizer
{
    private readonly ulong[] _bits;
    private readonly int _words;
    private readonly bool _allAscii;
    private int _position;

    /// <param name="lower">Text with no upper-case ASCII letters (any other character may appear).</param>
    /// <param name="allAscii">
    /// True when the caller knows <paramref name="lower"/> is all ASCII (it lower-cased it with
    /// <see cref="System.Text.Ascii.ToLower(ReadOnlySpan{byte}, Span{char}, out int)"/>): no non-ASCII mask is built or searched.
    /// </param>
    /// <param name="scratch">Where the masks go (the enricher's per-thread buffers); null for an array of its own.</param>
    public WordRunTokenizer(ReadOnlySpan<char> lower, bool allAscii = false, EnrichmentScratch? scratch = null)
    {
        _words = (lower.Length + 63) / 64;
        _allAscii = allAscii;
        // Two masks, run bits then non-ASCII bits; one spare zero word after the first so the search for a run's
        // end always stops.
        _bits = scratch?.RunBits(2 * _words + 1) ?? new ulong[2 * _words + 1];
        var bits = _bits.AsSpan(0, 2 * _words + 1);
        bits.Clear();
        Classify(lower, bits[.._words], allAscii ? default : bits[(_words + 1)..]);
        _position = 0;
    }

    /// <summary>Advances to the next run; <paramref name="isAscii"/> says it is all ASCII letters and digits.</summary>
    public bool MoveNext(out int start, out int length, out bool isAscii)
    {
        var bits = _bits;
        var word = _position >> 6;
        isAscii = true;
        if (word >= _words)
        {
            start = length = 0;
            return false;
        }
        var mask = bits[word] & (ulong.MaxValue << (_position & 63));
        while (mask == 0)
        {
            if (++word >= _words)
            {
                _position = _words << 6;
                start = length = 0;
                return false;
            }
            mask = bits[word];
        }
        start = (word << 6) + BitOperations.TrailingZeroCount(mask);
        var firstWord = word;
        var ends = ~bits[word] & (ulong.MaxValue << (start & 63));
        while (ends == 0)
        {
            ends = ~bits[++word];
        }
        var end = (word << 6) + BitOperations.TrailingZeroCount(ends);
        _position = end;
        length = end - start;
        isAscii = _allAscii || !AnyNonAscii(firstWord, start, end);
        return true;
    }

    /// <summary>
    /// All the runs at once, for all-ASCII text (each is one token): run i is [<paramref name="starts"/>[i],
    /// <paramref name="ends"/>[i]); returns how many. Each span needs room for (text length + 1) / 2 runs.
    /// </summary>
    /// <remarks>
    /// <see cref="MoveNext"/> finds a run's start from the last one's end, a chain of dependent steps per token that
    /// the token's own lookup then waits behind. Here starts and ends are two separate bit streams (a run starts where
    /// a bit is set after a clear one, ends where it is clear after a set one), each popped in a tight loop, so the
    /// caller's per-token lookups depend on nothing but their own run and the CPU can overlap neighbouring ones.
    /// </remarks>
    public readonly int AsciiRuns(Span<int> starts, Span<int> ends)
    {
        System.Diagnostics.Debug.Assert(_allAscii, "A run with non-ASCII characters may hold several tokens.");
        var bits = _bits;
        var count = 0;
        var endCount = 0;
        ulong carry = 0;
        for (var w = 0; w < _words; w++)
        {
            var run = bits[w];
            var previous = (run << 1) | carry;
            carry = run >> 63;
            var runStarts = run & ~previous;
            var runEnds = ~run & previous;
            var basePosition = w << 6;
            for (; runStarts != 0; runStarts &= runStarts - 1)
            {
                starts[count++] = basePosition + BitOperations.TrailingZeroCount(runStarts);
            }
            for (; runEnds != 0; runEnds &= runEnds - 1)
            {
                ends[endCount++] = basePosition + BitOperations.TrailingZeroCount(runEnds);
            }
        }
        if (carry != 0)
        {
            // A run reaching the last mask word's top bit ends at the text's end (a multiple of 64 characters).
            ends[endCount] = _words << 6;
        }
        return count;
    }

    /// <summary>Whether a non-ASCII bit is set in [start, end), which begins in mask word <paramref name="firstWord"/>.</summary>
    private readonly bool AnyNonAscii(int firstWord, int start, int end)
    {
        var nonAscii = _bits.AsSpan(_words + 1, _words);
        var lastWord = (end - 1) >> 6;
        for (var w = firstWord; w <= lastWord; w++)
        {
            var bits = nonAscii[w];
            if (w == firstWord)
            {
                bits &= ulong.MaxValue << (start & 63);
            }
            if (w == lastWord && (end & 63) != 0)
            {
                bits &= ulong.MaxValue >> (64 - (end & 63));
            }
            if (bits != 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Sets the run bits and, unless <paramref name="nonAsciiBits"/> is empty (all-ASCII text), the non-ASCII bits.</summary>
    private static void Classify(ReadOnlySpan<char> lower, Span<ulong> runBits, Span<ulong> nonAsciiBits)
    {
        var text = MemoryMarshal.Cast<char, ushort>(lower);
        var i = 0;
        var ascii = nonAsciiBits.IsEmpty;
        if (Vector256.IsHardwareAccelerated)
        {
            // Sixteen characters a step where the CPU has 256-bit vectors; the 128-bit loop below takes the rest.
            for (; i + Vector256<ushort>.Count <= text.Length; i += Vector256<ushort>.Count)
            {
                var chars = Vector256.Create(text.Slice(i, Vector256<ushort>.Count));
                var letter = Vector256.LessThanOrEqual(chars - Vector256.Create((ushort)'a'), Vector256.Create((ushort)('z' - 'a')));
                var digit = Vector256.LessThanOrEqual(chars - Vector256.Create((ushort)'0'), Vector256.Create((ushort)('9' - '0')));
                // Sixteen characters never straddle two mask words: 64 is a multiple of 16 and i advances by 16.
                if (ascii)
                {
                    runBits[i >> 6] |= (ulong)(letter | digit).ExtractMostSignificantBits() << (i & 63);
                    continue;
                }
                var nonAscii = Vector256.GreaterThan(chars, Vector256.Create((ushort)0x7F));
                runBits[i >> 6] |= (ulong)(letter | digit | nonAscii).ExtractMostSignificantBits() << (i & 63);
                nonAsciiBits[i >> 6] |= (ulong)nonAscii.ExtractMostSignificantBits() << (i & 63);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<ushort>.Count <= text.Length; i += Vector128<ushort>.Count)
            {
                var chars = Vector128.Create(text.Slice(i, Vector128<ushort>.Count));
                var letter = Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
                var digit = Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)('9' - '0')));
                // Eight characters never straddle two mask words: 64 is a multiple of 8 and i advances by 8.
                if (ascii)
                {
                    runBits[i >> 6] |= (ulong)(letter | digit).ExtractMostSignificantBits() << (i & 63);
                    continue;
                }
                var nonAscii = Vector128.GreaterThan(chars, Vector128.Create((ushort)0x7F));
                runBits[i >> 6] |= (ulong)(letter | digit | nonAscii).ExtractMostSignificantBits() << (i & 63);
                nonAsciiBits[i >> 6] |= (ulong)nonAscii.ExtractMostSignificantBits() << (i & 63);
            }
        }
        for (; i < text.Length; i++)
        {
            var c = (char)text[i];
            if (c > '\u007F')
            {
                nonAsciiBits[i >> 6] |= 1UL << (i & 63);
                runBits[i >> 6] |= 1UL << (i & 63);
            }
            else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                runBits[i >> 6] |= 1UL << (i & 63);
            }
        }
    }
}
