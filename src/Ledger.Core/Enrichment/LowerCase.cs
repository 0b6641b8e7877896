using System.Buffers;
using System.Text;
using Ledger.Core.Records;

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

    /// <summary>
    /// Decodes <paramref name="utf8"/> into <paramref name="destination"/> lower-cased, in one pass; returns the number
    /// of characters written: the same characters as <see cref="Encoding.GetChars(ReadOnlySpan{byte}, Span{char})"/>
    /// of <see cref="Encoding.UTF8"/> followed by <see cref="Invariant"/> (an ill-formed sequence becomes U+FFFD as there).
    /// </summary>
    /// <param name="utf8">The text.</param>
    /// <param name="destination">At least as many characters as <paramref name="utf8"/> has bytes (UTF-8 never has fewer).</param>
    /// <param name="allAscii">Set when the text was all ASCII.</param>
    /// <param name="verbatim">
    /// Set when the text is not all ASCII and the journal's JSON encoder writes every character of it as it is: the same
    /// answer as <see cref="JsonVerbatim.IsVerbatim(ReadOnlySpan{byte}, SearchValues{byte})"/>, found on the way (a bit
    /// test per character) so the line writer need not decode the message a second time. Not looked for in all-ASCII
    /// text, whose check the decoder already made (<see cref="RecordFields.MessagePlain"/>): false there.
    /// </param>
    /// <remarks>
    /// All-ASCII text takes one vectorized pass. Otherwise decoding and lower-casing went in two passes through the
    /// runtime, a fifth of the processing stage for Japanese, Chinese or Russian messages: here each two- or
    /// three-byte character is decoded inline and looked up in the table of characters the mapping changes, stretches
    /// of ASCII still go through the vectorized pass, and only four-byte or ill-formed sequences take
    /// <see cref="Rune.DecodeFromUtf8"/>.
    /// </remarks>
    public static int FromUtf8(ReadOnlySpan<byte> utf8, Span<char> destination, out bool allAscii, out bool verbatim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, utf8.Length, nameof(destination));
        allAscii = Ascii.ToLower(utf8, destination, out var written) == OperationStatus.Done;
        if (allAscii)
        {
            verbatim = false;
            return written;
        }
        var changes = s_changes;
        var verbatimTable = JsonVerbatim.Table;
        var plainAscii = JournalLineWriter.PlainBytes;
        verbatim = JsonVerbatim.IsVerbatimAscii(utf8[..written], plainAscii);
        var i = written;
        var j = written;
        while (i < utf8.Length)
        {
            int lead = utf8[i];
            if (lead < 0x80)
            {
                if (i + 1 < utf8.Length && utf8[i + 1] < 0x80)
                {
                    // Two ASCII bytes in a row: most likely a stretch of Latin-script text, vectorized to its end.
                    Ascii.ToLower(utf8[i..], destination[j..], out var stretch);
                    verbatim = verbatim && JsonVerbatim.IsVerbatimAscii(utf8.Slice(i, stretch), plainAscii);
                    i += stretch;
                    j += stretch;
                    continue;
                }
                verbatim = verbatim && JsonVerbatim.IsVerbatim(verbatimTable, lead);
                destination[j++] = (char)(char.IsAsciiLetterUpper((char)lead) ? lead | 0x20 : lead);
                i++;
                continue;
            }
            // JsonVerbatim.IsVerbatim decodes the same way: a helper shared by both loops, inlined, made this stage
            // 3–12 % slower on non-ASCII text (seventeenth session), so each loop keeps its own copy.
            int c;
            if (lead is >= 0xC2 and <= 0xDF && i + 1 < utf8.Length && IsContinuation(utf8[i + 1]))
            {
                c = ((lead & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
                i += 2;
            }
            else if (lead is >= 0xE0 and <= 0xEF && i + 2 < utf8.Length && IsContinuation(utf8[i + 1]) && IsContinuation(utf8[i + 2])
                && (c = ((lead & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F)) >= 0x800 && !char.IsSurrogate((char)c))
            {
                i += 3;
            }
            else
            {
                // A supplementary character, or an ill-formed sequence (overlong, a surrogate, cut short): U+FFFD.
                // The encoder escapes either.
                verbatim = false;
                Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed);
                i += consumed;
                j += Rune.ToLowerInvariant(rune).EncodeToUtf16(destination[j..]);
                continue;
            }
            verbatim = verbatim && JsonVerbatim.IsVerbatim(verbatimTable, c);
            destination[j++] = (changes[c >> 6] & (1UL << c)) != 0 ? char.ToLowerInvariant((char)c) : (char)c;
        }
        return j;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

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
