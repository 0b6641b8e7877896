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
/// only the second time its objects meet in a slot, so runs unique to a message (a receiver per message) allocate
/// nothing; a miss or a collision only costs the ordinary write. Callers pass only strings, nulls and
/// <see cref="FrozenStringList"/>s: an object that could change between two lines must never be remembered.
/// </remarks>
internal sealed class JournalSegmentCache
{
    /// <summary>Slots; a power of two.</summary>
    private const int Slots = 64;

    /// <summary>Longest run kept, so the cache stays small (a run of names, tiers and tags is far shorter).</summary>
    private const int MaxBytes = 512;

    private readonly Entry[] _entries = new Entry[Slots];

    /// <summary>Writes the run remembered for these objects and returns true, or returns false and the slot to pass to <see cref="Remember"/>.</summary>
    public bool TryWrite(ByteBufferWriter output, object? a, object? b, object? c, object? d, out int slot)
    {
        slot = SlotOf(a, b, c, d);
        ref readonly var entry = ref _entries[slot];
        if (entry.Json is { } json && ReferenceEquals(entry.A, a) && ReferenceEquals(entry.B, b) && ReferenceEquals(entry.C, c) && ReferenceEquals(entry.D, d))
        {
            output.Write(json);
            return true;
        }
        return false;
    }

    /// <summary>Notes that <paramref name="json"/> is the run of these objects: kept as text when the slot already held them.</summary>
    public void Remember(int slot, object? a, object? b, object? c, object? d, ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxBytes)
        {
            return;
        }
        ref var entry = ref _entries[slot];
        var seenBefore = ReferenceEquals(entry.A, a) && ReferenceEquals(entry.B, b) && ReferenceEquals(entry.C, c) && ReferenceEquals(entry.D, d);
        entry = new Entry(a, b, c, d, seenBefore ? json.ToArray() : null);
    }

    private static int SlotOf(object? a, object? b, object? c, object? d)
    {
        // Identity hashes (the object header's), not the strings' contents: equal text in two objects is two runs.
        var hash = (uint)Identity(a);
        hash = (hash * 31) + (uint)Identity(b);
        hash = (hash * 31) + (uint)Identity(c);
        hash = (hash * 31) + (uint)Identity(d);
        return (int)((hash * 0x9E3779B1u) >> (32 - 6)) & (Slots - 1);
    }

    private static int Identity(object? value) => value is null ? 0 : RuntimeHelpers.GetHashCode(value);

    private readonly record struct Entry(object? A, object? B, object? C, object? D, byte[]? Json);
}
