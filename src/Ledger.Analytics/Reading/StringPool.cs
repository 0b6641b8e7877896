using System.Buffers;
using System.Text;

namespace Ledger.Analytics.Reading;

/// <summary>Turns repeated UTF-8 values (speakers, contexts, domains, keywords) into one shared string each.</summary>
/// <remarks>
/// Lookups use the dictionary's span-based alternate lookup, so a value seen before costs no allocation. The pool
/// holds at most <see cref="MaxEntries"/> strings: past that, values are allocated fresh rather than remembered, so
/// a journal with unbounded distinct values cannot grow the pool without limit.
/// </remarks>
internal sealed class StringPool
{
    public const int MaxEntries = 200_000;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private char[] _chars = new char[256];

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        var max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (max > _chars.Length)
        {
            _chars = new char[Math.Max(max, _chars.Length * 2)];
        }
        var length = Encoding.UTF8.GetChars(utf8, _chars);
        var chars = _chars.AsSpan(0, length);
        if (_lookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }
        var created = new string(chars);
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(created);
        }
        return created;
    }

    /// <summary>Pools a JSON string token, unescaping it first when the writer escaped it.</summary>
    public string Get(ref System.Text.Json.Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Get(reader.ValueSpan);
        }
        var rented = ArrayPool<byte>.Shared.Rent(checked((int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length)));
        try
        {
            var written = reader.CopyString(rented);
            return Get(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
