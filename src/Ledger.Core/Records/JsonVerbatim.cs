using System.Buffers;

namespace Ledger.Core.Records;

/// <summary>
/// Whether the journal's JSON encoder (<see cref="LedgerRecordJson.WriterOptions"/>) would write a text exactly as it
/// is, decided by a table taken from that encoder once, instead of by the encoder for every character.
/// </summary>
/// <remarks>
/// Text outside printable ASCII went to a <see cref="System.Text.Json.Utf8JsonWriter"/>, whose encoder decodes and
/// checks it one scalar at a time: for mostly non-ASCII messages (Japanese, Chinese, Russian, accented text) that was
/// 15 % of the processing stage (docs/PERFORMANCE.md, sixteenth session). The encoder writes a Basic Multilingual Plane
/// character unchanged when its table allows it and escapes everything else (quote, backslash, controls, characters
/// undefined in its Unicode version, every supplementary-plane character). The table here is the encoder's own answer
/// (<see cref="System.Text.Encodings.Web.TextEncoder.WillEncode"/>) for each of the 65,536 BMP code points, so a text
/// called verbatim is written as the encoder would write it, and anything else (an escape, a supplementary character,
/// ill-formed UTF-8) still goes to the encoder.
/// </remarks>
internal static class JsonVerbatim
{
    /// <summary>Bit <c>c</c> set when the encoder writes BMP code point <c>c</c> as it is.</summary>
    private static readonly ulong[] s_verbatim = BuildTable();

    /// <summary>True when the encoder would write <paramref name="utf8"/> unchanged (and it is well-formed UTF-8).</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="plainAscii">
    /// ASCII bytes the encoder keeps (a subset of the table's), searched for with vectors through a stretch of ASCII.
    /// </param>
    /// <remarks>
    /// One pass, a character at a time, with a vector search only where two ASCII bytes follow each other: asking the
    /// vector search after every character cost more than the check itself in Japanese, Chinese or Russian text, where
    /// an ASCII stretch is a space or nothing (a fifth of the processing stage for such messages).
    /// </remarks>
    public static bool IsVerbatim(ReadOnlySpan<byte> utf8, SearchValues<byte> plainAscii)
    {
        var table = s_verbatim;
        var i = 0;
        while (i < utf8.Length)
        {
            int lead = utf8[i];
            // Decoded inline as in LowerCase.FromUtf8, deliberately not through a shared helper (slower, measured).
            int codePoint;
            if (lead < 0x80)
            {
                if (!IsVerbatim(table, lead))
                {
                    return false;
                }
                i++;
                if (i < utf8.Length && utf8[i] < 0x80)
                {
                    var plain = utf8[i..].IndexOfAnyExcept(plainAscii);
                    if (plain < 0)
                    {
                        return true;
                    }
                    i += plain;
                }
                continue;
            }
            if (lead is >= 0xC2 and <= 0xDF && i + 1 < utf8.Length && IsContinuation(utf8[i + 1]))
            {
                codePoint = ((lead & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
                i += 2;
            }
            else if (lead is >= 0xE0 and <= 0xEF && i + 2 < utf8.Length && IsContinuation(utf8[i + 1]) && IsContinuation(utf8[i + 2]))
            {
                codePoint = ((lead & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
                i += 3;
                if (codePoint < 0x800 || codePoint is >= 0xD800 and <= 0xDFFF)
                {
                    return false; // overlong or a surrogate: ill-formed, the encoder's business
                }
            }
            else
            {
                return false; // a 4-byte sequence (always escaped) or ill-formed input
            }
            if (!IsVerbatim(table, codePoint))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when the encoder would write <paramref name="text"/> unchanged.</summary>
    public static bool IsVerbatim(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            // A surrogate is half of a supplementary character (always escaped) or a lone one (ill-formed).
            if (char.IsSurrogate(c) || !IsVerbatim(s_verbatim, c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The table itself (bit <c>c</c> set when BMP code point <c>c</c> is written as it is), for
    /// <see cref="Enrichment.LowerCase.FromUtf8(ReadOnlySpan{byte}, Span{char}, out bool, out bool)"/>, which decodes the
    /// message anyway and answers for the line writer on the way.
    /// </summary>
    internal static ulong[] Table => s_verbatim;

    /// <summary>True when the encoder writes every byte of <paramref name="ascii"/> (ASCII only) as it is.</summary>
    internal static bool IsVerbatimAscii(ReadOnlySpan<byte> ascii, SearchValues<byte> plainAscii)
    {
        var k = ascii.IndexOfAnyExcept(plainAscii);
        while (k >= 0)
        {
            if (!IsVerbatim(s_verbatim, ascii[k]))
            {
                return false;
            }
            ascii = ascii[(k + 1)..];
            k = ascii.IndexOfAnyExcept(plainAscii);
        }
        return true;
    }

    internal static bool IsVerbatim(ulong[] table, int codePoint) => (table[codePoint >> 6] & (1UL << codePoint)) != 0;

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    private static ulong[] BuildTable()
    {
        var encoder = LedgerRecordJson.WriterOptions.Encoder!;
        var table = new ulong[65536 / 64];
        for (var c = 0; c < 65536; c++)
        {
            if (c is < 0xD800 or > 0xDFFF && !encoder.WillEncode(c))
            {
                table[c >> 6] |= 1UL << c;
            }
        }
        return table;
    }
}
