using System.Runtime.Intrinsics;

namespace Ledger.Core.Records;

/// <summary>
/// The token-level steps of <see cref="SeedFrameScanner"/>: small integers, literals, plain strings, delimiters and
/// spaces, on the frame's UTF-8 bytes; each says false for what it does not read exactly as the reader would.
/// </summary>
/// <remarks>Apart from the scanner since the nineteenth session (it was past 460 lines): the scanner keeps the frame's shape.</remarks>
internal static class SeedFrameTokens
{
    /// <summary>What ends a plain string's scan: its closing quote, or what makes it not plain (an escape, a control byte).</summary>
    /// <remarks>One vectorized pass instead of one for the quote and escape and another for control bytes.</remarks>
    private static readonly System.Buffers.SearchValues<byte> s_plainStringStops = System.Buffers.SearchValues.Create(
        [(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    /// <summary>Largest ConversationType the scanner reads itself: nine digits cannot overflow an int.</summary>
    internal const int MaxIntegerDigits = 9;

    /// <summary>
    /// An integer of at most <see cref="MaxIntegerDigits"/> digits in JSON's form (no leading zero, optional minus),
    /// followed by a delimiter; fractions, exponents and longer numbers are left to the reader.
    /// </summary>
    internal static bool TryScanInteger(ReadOnlySpan<byte> frame, ref int p, out int value)
    {
        value = 0;
        var i = p;
        var negative = i < frame.Length && frame[i] == (byte)'-';
        if (negative)
        {
            i++;
        }
        var digitsStart = i;
        while (i < frame.Length && (uint)(frame[i] - '0') <= 9)
        {
            value = value * 10 + (frame[i] - '0');
            i++;
            if (i - digitsStart > MaxIntegerDigits)
            {
                return false;
            }
        }
        var digits = i - digitsStart;
        if (digits == 0 || (digits > 1 && frame[digitsStart] == (byte)'0') || !IsDelimiter(frame, i))
        {
            return false;
        }
        value = negative ? -value : value;
        p = i;
        return true;
    }

    internal static bool TryScanNull(ReadOnlySpan<byte> frame, ref int p) => TryScanLiteral(frame, ref p, "null"u8);

    internal static bool TryScanLiteral(ReadOnlySpan<byte> frame, ref int p, ReadOnlySpan<byte> literal)
    {
        if (!frame[p..].StartsWith(literal) || !IsDelimiter(frame, p + literal.Length))
        {
            return false;
        }
        p += literal.Length;
        return true;
    }

    /// <summary>A quoted string with no escape and no control byte; <paramref name="utf8"/> is its content.</summary>
    internal static bool TryScanPlainString(ReadOnlySpan<byte> frame, ref int p, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (p >= frame.Length || frame[p] != (byte)'"')
        {
            return false;
        }
        // The first quote, backslash or control byte: a plain string stops at its quote with none of the others.
        var end = IndexOfStringStop(frame[(p + 1)..]);
        if (end < 0 || frame[p + 1 + end] != (byte)'"')
        {
            return false;
        }
        utf8 = frame.Slice(p + 1, end);
        p += end + 2;
        return true;
    }

    /// <summary>The first quote, backslash or control byte in <paramref name="utf8"/>, or -1.</summary>
    /// <remarks>
    /// A frame's names and most of its values end within sixteen bytes: one vector compare finds the end of those,
    /// where the general search (a virtual call, then its own setup) cost more than the scan itself (~4 % of the
    /// processing stage in a profile; ~20 strings a frame).
    /// </remarks>
    internal static int IndexOfStringStop(ReadOnlySpan<byte> utf8)
    {
        if (Vector128.IsHardwareAccelerated && utf8.Length >= Vector128<byte>.Count)
        {
            var bytes = Vector128.Create(utf8);
            var stops = Vector128.Equals(bytes, Vector128.Create((byte)'"'))
                | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
                | Vector128.LessThan(bytes, Vector128.Create((byte)0x20));
            var mask = stops.ExtractMostSignificantBits();
            if (mask != 0)
            {
                return System.Numerics.BitOperations.TrailingZeroCount(mask);
            }
            var rest = utf8[Vector128<byte>.Count..].IndexOfAny(s_plainStringStops);
            return rest < 0 ? -1 : Vector128<byte>.Count + rest;
        }
        return utf8.IndexOfAny(s_plainStringStops);
    }

    /// <summary>JSON forbids raw control characters in strings: the reader rejects them, so the scanner steps aside.</summary>
    internal static bool HasControlByte(ReadOnlySpan<byte> utf8) => utf8.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0;

    /// <summary>Printable ASCII: what the journal's encoder writes as it is (it escapes the quote and backslash, absent here).</summary>
    internal static bool IsPlainAscii(ReadOnlySpan<byte> utf8) => !utf8.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);

    internal static bool IsDelimiter(ReadOnlySpan<byte> frame, int i) =>
        i < frame.Length && frame[i] is (byte)',' or (byte)'}' or (byte)' ';

    internal static int SkipSpaces(ReadOnlySpan<byte> frame, int p)
    {
        while (p < frame.Length && frame[p] == (byte)' ')
        {
            p++;
        }
        return p;
    }
}
