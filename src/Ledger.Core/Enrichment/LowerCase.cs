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
/// </remarks>
internal static class LowerCase
{
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
            text.Slice(i, length).ToLowerInvariant(destination.Slice(i, length));
            i += length;
            if (i == text.Length)
            {
                return;
            }
        }
    }
}
