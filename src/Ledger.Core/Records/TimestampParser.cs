using System.Globalization;

namespace Ledger.Core.Records;

/// <summary>Parses client timestamps: ISO-8601 only, stored as UTC truncated to milliseconds (DESIGN.md §4).</summary>
internal static class TimestampParser
{
    // 'K' accepts "Z", "+02:00" and nothing; F's accept 0-7 fraction digits (Python isoformat writes 6). A space
    // separator is accepted because Python's str(datetime) writes one and RFC 3339 allows it.
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd",
    ];

    /// <summary>Parses <paramref name="text"/>; a value without offset is taken as UTC.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime utc)
    {
        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            utc = TruncateToMilliseconds(parsed);
            return true;
        }
        utc = default;
        return false;
    }

    /// <summary>Drops sub-millisecond ticks and marks the value UTC, matching what the journal stores.</summary>
    public static DateTime TruncateToMilliseconds(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
