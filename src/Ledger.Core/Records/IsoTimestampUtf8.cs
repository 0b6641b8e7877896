namespace Ledger.Core.Records;

/// <summary>Hand-written UTF-8 formatting and parsing of the one timestamp shape agents send and Ledger stores.</summary>
/// <remarks>
/// The ingest path formats two timestamps and parses one per message. The custom-format overloads of
/// <see cref="DateTime"/> interpret their pattern on every call, which cost more than decoding the rest of a record;
/// these handle <c>yyyy-MM-ddTHH:mm:ss[.fraction][Z|±HH:MM]</c> directly. <see cref="TryParse"/> accepts a strict
/// subset of what <see cref="TimestampParser"/> accepts and yields the same instant; anything else (other separators,
/// odd shapes, out-of-range fields) returns false and goes to the general parser, which stays the authority.
/// </remarks>
internal static class IsoTimestampUtf8
{
    /// <summary>Length of a formatted timestamp: <c>2025-12-01T17:09:21.123Z</c>.</summary>
    public const int Length = 24;

    /// <summary>Writes <paramref name="utc"/> as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (sub-millisecond ticks dropped).</summary>
    public static void Format(DateTime utc, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length, nameof(destination));
        var (year, month, day) = utc;
        var timeOfDay = utc.Ticks % TimeSpan.TicksPerDay;
        var hour = (int)(timeOfDay / TimeSpan.TicksPerHour);
        var minute = (int)(timeOfDay / TimeSpan.TicksPerMinute % 60);
        var second = (int)(timeOfDay / TimeSpan.TicksPerSecond % 60);
        var millisecond = (int)(timeOfDay / TimeSpan.TicksPerMillisecond % 1000);
        Digits(destination, 0, year, 4);
        destination[4] = (byte)'-';
        Digits(destination, 5, month, 2);
        destination[7] = (byte)'-';
        Digits(destination, 8, day, 2);
        destination[10] = (byte)'T';
        Digits(destination, 11, hour, 2);
        destination[13] = (byte)':';
        Digits(destination, 14, minute, 2);
        destination[16] = (byte)':';
        Digits(destination, 17, second, 2);
        destination[19] = (byte)'.';
        Digits(destination, 20, millisecond, 3);
        destination[23] = (byte)'Z';
    }

    /// <summary>Parses the common ISO-8601 shape to UTC truncated to milliseconds; false means "ask the general parser".</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTime utc)
    {
        utc = default;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }
        if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var position = 19;
        long fractionTicks = 0;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            var digits = 0;
            var scale = TimeSpan.TicksPerSecond;
            while (position < text.Length && char.IsAsciiDigit((char)text[position]))
            {
                // Digits past the 7th (100 ns) cannot change the millisecond kept, but are accepted (Go sends 9).
                if (digits < 7)
                {
                    scale /= 10;
                    fractionTicks += (text[position] - '0') * scale;
                }
                digits++;
                position++;
            }
            if (digits == 0)
            {
                return false;
            }
        }
        long offsetTicks = 0;
        if (position == text.Length - 1 && text[position] == 'Z')
        {
            position++;
        }
        else if (position == text.Length - 6 && text[position] is (byte)'+' or (byte)'-' && text[position + 3] == ':')
        {
            if (!TryDigits(text, position + 1, 2, out var offsetHours) || !TryDigits(text, position + 4, 2, out var offsetMinutes)
                || offsetHours > 14 || offsetMinutes > 59 || (offsetHours == 14 && offsetMinutes > 0))
            {
                return false;
            }
            offsetTicks = (offsetHours * 60L + offsetMinutes) * TimeSpan.TicksPerMinute;
            if (text[position] == '-')
            {
                offsetTicks = -offsetTicks;
            }
            position += 6;
        }
        if (position != text.Length)
        {
            return false;
        }
        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - offsetTicks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        utc = new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        return true;
    }

    private static void Digits(Span<byte> destination, int at, int value, int count)
    {
        for (var i = at + count - 1; i >= at; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int at, int count, out int value)
    {
        value = 0;
        for (var i = at; i < at + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }
            value = value * 10 + digit;
        }
        return true;
    }
}
