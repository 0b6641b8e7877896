using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ledger.Core.Enrichment;

/// <summary>
/// Splits lower-case ASCII text into word tokens (runs of a–z and 0–9), the same tokens <see cref="Tokenizer"/>
/// finds in such text, without a branch per character.
/// </summary>
/// <remarks>
/// A character-by-character loop mispredicts at almost every word boundary, and agent messages have one every six
/// characters: it was a tenth of the daemon's CPU. Here one vector compare marks the word characters of eight at a
/// time in a bit mask, and each token is found with two trailing-zero counts over that mask.
/// </remarks>
internal ref struct AsciiTokenizer
{
    private readonly ulong[] _bits;
    private readonly int _words;
    private int _position;

    /// <param name="lower">Text with no upper-case letters and no character above U+007F.</param>
    public AsciiTokenizer(ReadOnlySpan<char> lower)
    {
        _words = (lower.Length + 63) / 64;
        // One spare zero word past the end, so the search for a token's end always stops.
        _bits = ArrayPool<ulong>.Shared.Rent(_words + 1);
        var bits = _bits.AsSpan(0, _words + 1);
        bits.Clear();
        MarkWordCharacters(lower, bits);
        _position = 0;
    }

    /// <summary>Advances to the next token.</summary>
    public bool MoveNext(out int start, out int length)
    {
        var bits = _bits;
        var word = _position >> 6;
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
        var ends = ~bits[word] & (ulong.MaxValue << (start & 63));
        while (ends == 0)
        {
            ends = ~bits[++word];
        }
        var end = (word << 6) + BitOperations.TrailingZeroCount(ends);
        _position = end;
        length = end - start;
        return true;
    }

    public readonly void Dispose() => ArrayPool<ulong>.Shared.Return(_bits);

    private static void MarkWordCharacters(ReadOnlySpan<char> lower, Span<ulong> bits)
    {
        var text = MemoryMarshal.Cast<char, ushort>(lower);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<ushort>.Count <= text.Length; i += Vector128<ushort>.Count)
            {
                var chars = Vector128.Create(text.Slice(i, Vector128<ushort>.Count));
                var letter = Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
                var digit = Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)('9' - '0')));
                // Eight characters never straddle two mask words: 64 is a multiple of 8 and i advances by 8.
                bits[i >> 6] |= (ulong)(letter | digit).ExtractMostSignificantBits() << (i & 63);
            }
        }
        for (; i < text.Length; i++)
        {
            if (char.IsAsciiLetterLower((char)text[i]) || char.IsAsciiDigit((char)text[i]))
            {
                bits[i >> 6] |= 1UL << (i & 63);
            }
        }
    }
}
