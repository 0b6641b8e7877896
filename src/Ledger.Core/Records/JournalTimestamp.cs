namespace Ledger.Core.Records;

/// <summary>Parses the one timestamp layout the journal writes, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, straight from UTF-8.</summary>
/// <remarks>
/// The general parsers (DateTime.Parse, <see cref="TimestampParser"/>) accept every ISO-8601 form but cost more than
/// the rest of a journal line; readers try this first and fall back to them for anything else.
/// </remarks>
internal static class JournalTimestamp
{
    /// <summary>True with the UTC instant when <paramref name="utf8"/> is exactly the journal layout with a valid date.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTime utc)
    {
        var s = utf8;
        if (s.Length == 24 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == '.' && s[23] == 'Z'
            && TryDigits(s[..4], out var year) && TryDigits(s[5..7], out var month) && TryDigits(s[8..10], out var day)
            && TryDigits(s[11..13], out var hour) && TryDigits(s[14..16], out var minute) && TryDigits(s[17..19], out var second)
            && TryDigits(s[20..23], out var millisecond)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour < 24 && minute < 60 && second < 60)
        {
            utc = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
            return true;
        }
        utc = default;
        return false;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
            value = value * 10 + (b - '0');
        }
        return true;
    }
}
