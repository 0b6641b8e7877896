using System.Buffers;
using System.Text;

namespace Ledger.Core.Enrichment;

/// <summary>Lower-cases text exactly as <see cref="MemoryExtensions.ToLowerInvariant(ReadOnlySpan{char}, Span{char})"/>, faster on mostly-ASCII text.</summary>
/// <remarks>
/// With invariant globalization, <c>ToLowerInvariant</c> maps one character at a time: it was a tenth of the
/// daemon's CPU on English text, so ASCII stretches go through the vectorized <see cref="Ascii.ToLower(ReadOnlySpan{char}, Span{char}, out int)"/>
/// and only the non-ASCII stretches between them take the general mapping. The mapping has no context (each
/// character, or surrogate pair, maps on its own), and a stretch never splits a pair (both halves are non-ASCII),
/// so the result is the same character for character; a test checks every BMP character and supplementary letters.
/// In a non-ASCII stretch a table of the characters the mapping changes (the runtime's own answers, taken once) lets
/// the rest be copied: the runtime looks each character up in a three-level table, which for Japanese, Chinese or
/// Russian messages was a tenth of the processing stage, though most such characters have no case.
/// </remarks>
internal static class LowerCase
{
    /// <summary>Bit <c>c</c> set when lower-casing changes BMP character <c>c</c> (surrogates excluded).</summary>
    private static readonly ulong[] s_changes = BuildTable();

    /// <summary>Writes the lower-case form of <paramref name="text"/> to <paramref name="destination"/> (same length).</summary>
    public static void Invariant(ReadOnlySpan<char> text, Span<char> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, text.Length, nameof(destination));
        var i = 0;
        while (true)
        {
            if (Ascii.ToLower(text[i..], destination[i..], out var written) == OperationStatus.Done)
            {
                return;
            }
            i += written;
            var stretch = text[i..].IndexOfAnyInRange('\0', '\u007F');
            var length = stretch < 0 ? text.Length - i : stretch;
            NonAscii(text.Slice(i, length), destination.Slice(i, length));
            i += length;
            if (i == text.Length)
            {
                return;
            }
        }
    }

    /// <summary>Lower-cases a stretch of non-ASCII text, which never starts inside a surrogate pair.</summary>
    private static void NonAscii(ReadOnlySpan<char> text, Span<char> destination)
    {
        var changes = s_changes;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                // A supplementary character (Deseret, Osage, Adlam... have case): the runtime maps the rest, pairs whole.
                text[i..].ToLowerInvariant(destination[i..]);
                return;
            }
            destination[i] = (changes[c >> 6] & (1UL << c)) != 0 ? char.ToLowerInvariant(c) : c;
        }
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[65536 / 64];
        for (var c = 0; c < 65536; c++)
        {
            if (!char.IsSurrogate((char)c) && char.ToLowerInvariant((char)c) != c)
            {
                table[c >> 6] |= 1UL << c;
            }
        }
        return table;
    }
}
