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
    public static bool TryParse(scoped ReadOnlySpan<char> text, out DateTime utc)
    {
        // Go's RFC3339Nano and others send 9 fraction digits; .NET parses at most 7, and only milliseconds are kept.
        Span<char> trimmed = stackalloc char[64];
        if (text.Length > 20 && text.Length <= trimmed.Length && text[19] == '.')
        {
            var digits = 0;
            while (20 + digits < text.Length && char.IsAsciiDigit(text[20 + digits]))
            {
                digits++;
            }
            if (digits > 7)
            {
                text[..27].CopyTo(trimmed);
                text[(20 + digits)..].CopyTo(trimmed[27..]);
                text = trimmed[..(text.Length - (digits - 7))];
            }
        }
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
