namespace Ledger.Parquet.Encodings;

/// <summary>Truncated lower and upper bounds for string statistics (parquet.thrift Statistics, PARQUET-1685).</summary>
/// <remarks>
/// Long values (message text) would bloat the footer, so bounds are cut to at most <see cref="MaxBytes"/> bytes at a
/// UTF-8 character boundary. A prefix is a valid lower bound; an upper bound needs its last character incremented
/// so it stays above every value with that prefix, and must remain valid UTF-8 (DuckDB rejects invalid VARCHAR).
/// </remarks>
internal static class Utf8Bounds
{
    /// <summary>Longest min/max written to the footer.</summary>
    public const int MaxBytes = 64;

    /// <summary>The value itself when short, else its longest character-aligned prefix of at most MaxBytes.</summary>
    public static byte[] LowerBound(ReadOnlySpan<byte> value, out bool exact)
    {
        exact = value.Length <= MaxBytes;
        return exact ? value.ToArray() : value[..CharBoundaryAtOrBefore(value, MaxBytes)].ToArray();
    }

    /// <summary>The value when short, else a short string greater than every value sharing the prefix, or null.</summary>
    public static byte[]? UpperBound(ReadOnlySpan<byte> value, out bool exact)
    {
        exact = value.Length <= MaxBytes;
        if (exact)
        {
            return value.ToArray();
        }
        var prefix = value[..CharBoundaryAtOrBefore(value, MaxBytes)];
        while (prefix.Length > 0)
        {
            var lastStart = CharBoundaryAtOrBefore(prefix, prefix.Length - 1);
            var rune = System.Text.Rune.DecodeFromUtf8(prefix[lastStart..], out var rune0, out _);
            if (rune == System.Buffers.OperationStatus.Done && TryIncrement(rune0, out var next))
            {
                var result = new byte[lastStart + next.Utf8SequenceLength];
                prefix[..lastStart].CopyTo(result);
                next.EncodeToUtf8(result.AsSpan(lastStart));
                return result;
            }
            // U+10FFFF cannot grow: drop it and increment the character before.
            prefix = prefix[..lastStart];
        }
        return null;
    }

    private static bool TryIncrement(System.Text.Rune rune, out System.Text.Rune next)
    {
        var value = rune.Value + 1;
        if (value is >= 0xD800 and <= 0xDFFF)
        {
            value = 0xE000;
        }
        if (value > 0x10FFFF)
        {
            next = default;
            return false;
        }
        next = new System.Text.Rune(value);
        return true;
    }

    /// <summary>Largest index ≤ <paramref name="index"/> that starts a UTF-8 sequence (or equals the length).</summary>
    private static int CharBoundaryAtOrBefore(ReadOnlySpan<byte> value, int index)
    {
        if (index >= value.Length)
        {
            return value.Length;
        }
        while (index > 0 && (value[index] & 0xC0) == 0x80)
        {
            index--;
        }
        return index;
    }
}
