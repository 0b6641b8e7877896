using System.Runtime.CompilerServices;

namespace Ledger.Core.Records;

/// <summary>Decodes one well-formed two- or three-byte UTF-8 sequence inline, for loops that hand anything else to the runtime.</summary>
/// <remarks>
/// Non-Latin text is almost all such sequences (Cyrillic, Greek and accented Latin take two bytes, kana and Han
/// three); a loop that decodes them itself, through its own table, beat a call per character into the runtime
/// (docs/PERFORMANCE.md, seventeenth session). Overlong forms and encoded surrogates are refused, so a caller's
/// fallback decides what ill-formed input becomes.
/// </remarks>
internal static class Utf8TwoOrThreeByte
{
    /// <summary>
    /// The code point of the sequence at <paramref name="index"/>, and its length (2 or 3) in <paramref name="width"/>;
    /// false (width 0) for ASCII, a four-byte sequence or anything ill-formed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDecode(ReadOnlySpan<byte> utf8, int index, out int codePoint, out int width)
    {
        int lead = utf8[index];
        if (lead is >= 0xC2 and <= 0xDF && index + 1 < utf8.Length && IsContinuation(utf8[index + 1]))
        {
            codePoint = ((lead & 0x1F) << 6) | (utf8[index + 1] & 0x3F);
            width = 2;
            return true;
        }
        if (lead is >= 0xE0 and <= 0xEF && index + 2 < utf8.Length && IsContinuation(utf8[index + 1]) && IsContinuation(utf8[index + 2]))
        {
            codePoint = ((lead & 0x0F) << 12) | ((utf8[index + 1] & 0x3F) << 6) | (utf8[index + 2] & 0x3F);
            width = 3;
            if (codePoint >= 0x800 && codePoint is < 0xD800 or > 0xDFFF)
            {
                return true;
            }
        }
        codePoint = width = 0;
        return false;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;
}
