using System.Runtime.CompilerServices;
using Ledger.Core.Ingest;

namespace Ledger.Core.Records;

/// <summary>
/// The JSON text of a run of consecutive line members whose values are shared immutable objects (the speaker's four,
/// the metadata's chain type, tier and tags), found by those objects' identities: a line whose run holds the same
/// objects as an earlier line's gets the whole run as one copy. Owned by one <see cref="JournalLineWriter"/>.
/// </summary>
/// <remarks>
/// Under load the same few speakers, roles, tiers and tag lists repeat from line to line, so writing each member on
/// its own (a lookup, a copy and a constant name each) cost ~3 % of the processing threads. A run is stored as text
/// only the second time its objects meet in their bucket, so runs unique to a message (a receiver per message) allocate
/// nothing; a miss or a collision only costs the ordinary write. Callers pass only strings, nulls and
/// <see cref="FrozenStringList"/>s: an object that could change between two lines must never be remembered.
/// </remarks>
internal sealed class JournalSegmentCache
{
    /// <summary>Buckets of two entries each; a power of two.</summary>
    /// <remarks>
    /// Two ways, because the bench's few dozen metadata runs thrashed a one-way table of 64: two runs sharing a slot
    /// pushed each other out before either came back, and neither was ever kept as text.
    /// </remarks>
    private const int Buckets = 128;

    /// <summary>Longest run kept, so the cache stays small (a run of names, tiers and tags is far shorter).</summary>
    private const int MaxBytes = 512;

    // Bucket b is entries 2b (the most recently noted) and 2b + 1.
    private readonly Entry[] _entries = new Entry[2 * Buckets];

    /// <summary>Writes the run remembered for these objects and returns true, or returns false and the bucket to pass to <see cref="Remember"/>.</summary>
    public bool TryWrite(ByteBufferWriter output, object? a, object? b, object? c, object? d, out int bucket)
    {
        bucket = BucketOf(a, b, c, d);
        if (Find(bucket, a, b, c, d) is var at && at >= 0 && _entries[at].Json is { } json)
        {
            output.Write(json);
            return true;
        }
        return false;
    }

    /// <summary>Notes that <paramref name="json"/> is the run of these objects: kept as text when the bucket already held them.</summary>
    public void Remember(int bucket, object? a, object? b, object? c, object? d, ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxBytes)
        {
            return;
        }
        var at = Find(bucket, a, b, c, d);
        if (at >= 0)
        {
            _entries[at] = new Entry(a, b, c, d, json.ToArray());
            return;
        }
        // First sighting: only the objects, in the first way; the older of the two moves to the second.
        var first = 2 * bucket;
        _entries[first + 1] = _entries[first];
        _entries[first] = new Entry(a, b, c, d, null);
    }

    private int Find(int bucket, object? a, object? b, object? c, object? d)
    {
        var first = 2 * bucket;
        if (_entries[first].Holds(a, b, c, d))
        {
            return first;
        }
        return _entries[first + 1].Holds(a, b, c, d) ? first + 1 : -1;
    }

    private static int BucketOf(object? a, object? b, object? c, object? d)
    {
        // Identity hashes (the object header's), not the strings' contents: equal text in two objects is two runs.
        var hash = (uint)Identity(a);
        hash = (hash * 31) + (uint)Identity(b);
        hash = (hash * 31) + (uint)Identity(c);
        hash = (hash * 31) + (uint)Identity(d);
        return (int)((hash * 0x9E3779B1u) >> (32 - 7)) & (Buckets - 1);
    }

    private static int Identity(object? value) => value is null ? 0 : RuntimeHelpers.GetHashCode(value);

    private readonly record struct Entry(object? A, object? B, object? C, object? D, byte[]? Json)
    {
        public bool Holds(object? a, object? b, object? c, object? d) =>
            ReferenceEquals(A, a) && ReferenceEquals(B, b) && ReferenceEquals(C, c) && ReferenceEquals(D, d);
    }
}
