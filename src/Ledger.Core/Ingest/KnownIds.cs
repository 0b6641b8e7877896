using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Ledger.Core.Records;

namespace Ledger.Core.Ingest;

/// <summary>The Ids already persisted, for exactly-once by Id, in a bounded window of the most recent ones.</summary>
/// <remarks>
/// <para>
/// Ids are kept as 128-bit MD5 digests with the Sequence they were stored at (about 66 bytes each, counting the
/// half-empty table and the eviction order, instead of a string per Id), and the window evicts the oldest once it
/// holds <see cref="Capacity"/> Ids, so memory stays bounded however long the daemon runs. A 128-bit digest makes an
/// accidental collision (a new message wrongly taken for a duplicate) negligible: about n²/2¹²⁹ for n Ids.
/// </para>
/// <para>
/// The table is open addressing with linear probing, at most half full, and deletes by shifting the rest of the
/// cluster back (no tombstones, so probes stay short however many Ids pass through). At the default window the table
/// is ~12.6 MB (plus 4 MB of eviction order), so a lookup is a cache miss either way; with a <c>Dictionary</c> it was
/// two (bucket, entry) and the lookup, insert and eviction per message were 3.5 % of the daemon's CPU. The digest is
/// already uniform; the slot is taken from it through a per-process random multiplier, so Ids cannot be picked in
/// advance to pile up in one cluster.
/// </para>
/// </remarks>
public sealed unsafe class KnownIds
{
    /// <summary>The one Sequence that cannot be remembered: a slot stores Sequence XOR this, so an empty slot is all zero.</summary>
    private const long Unstorable = long.MinValue;
    private static readonly ulong s_multiplier = (ulong)Random.Shared.NextInt64() | 1;

    private readonly NativeArray<Slot> _slots;
    private readonly int _shift;
    private readonly NativeArray<UInt128> _order;
    private int _next;

    public KnownIds(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        // At least twice the Ids held, counting the one over Capacity that Add holds before it evicts the oldest.
        var slots = (int)Math.Min(1L << 30, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity + 1) * 2);
        // Full size from the start, outside the managed heap (see NativeArray): a zeroed native block is mapped lazily,
        // so a page costs memory only once an Id lands in it. Growing by doubling instead cost a rehash per step, large
        // garbage for the collector and page faults on every new table (measured in docs/PERFORMANCE.md, tenth session).
        _slots = new NativeArray<Slot>(slots);
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)slots);
        _order = new NativeArray<UInt128>(capacity);
    }

    /// <summary>How many Ids the window remembers.</summary>
    public int Capacity { get; }

    /// <summary>Ids currently remembered.</summary>
    public int Count { get; private set; }

    /// <summary>True (with the Sequence it was stored at) when <paramref name="id"/> is in the window.</summary>
    public bool TryGet(string id, out long sequence) => TryGet(Digest(id), out sequence);

    /// <summary>True (with the Sequence it was stored at) when the Id with this <see cref="Digest(string)"/> is in the window.</summary>
    public bool TryGet(UInt128 digest, out long sequence)
    {
        ref readonly var slot = ref _slots[Find(digest)];
        sequence = slot.Sequence;
        return !slot.IsEmpty;
    }

    /// <summary>Remembers an Id; evicts the oldest when the window is full.</summary>
    public void Add(string id, long sequence) => Add(Digest(id), sequence);

    /// <summary>Remembers the Id with this <see cref="Digest(string)"/>; evicts the oldest when the window is full.</summary>
    public void Add(UInt128 digest, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(sequence, Unstorable);
        ref var slot = ref _slots[Find(digest)];
        if (!slot.IsEmpty)
        {
            return;
        }
        slot = new Slot(digest, sequence);
        Count++;
        if (Count > Capacity)
        {
            Remove(_order[_next]);
        }
        _order[_next] = digest;
        // Not a remainder: a 64-bit division per message on the ordered path, for a wrap once per Capacity Ids.
        _next = _next + 1 == Capacity ? 0 : _next + 1;
    }

    /// <summary>
    /// Starts loading the cache lines that a lookup of <paramref name="digest"/> and the eviction made by the
    /// <paramref name="addsAhead"/>-th <see cref="Add(UInt128, long)"/> from now will touch. A hint only: no effect on the contents.
    /// </summary>
    /// <remarks>
    /// The table is far larger than the caches, so each lookup and each eviction is a cache miss, and they sit on the
    /// ordered (single-threaded) part of ingest. Issued a few messages ahead, the misses overlap instead of queuing.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(UInt128 digest, int addsAhead)
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        var first = _slots.Pointer;
        Sse.Prefetch0(first + Home((ulong)digest, (ulong)(digest >> 64)));
        // The add that makes Count exceed Capacity evicts _order[_next]; the k-th one after it the next k.
        if (Count + (long)addsAhead >= Capacity)
        {
            var evicted = _next + (long)addsAhead;
            if (evicted >= Capacity)
            {
                // A subtraction, not a remainder (once per message); the remainder only for a window smaller than the distance.
                evicted -= Capacity;
                evicted = evicted < Capacity ? evicted : evicted % Capacity;
            }
            var oldest = _order[(int)evicted];
            Sse.Prefetch0(first + Home((ulong)oldest, (ulong)(oldest >> 64)));
        }
    }

    /// <summary>The key an Id is remembered by: the MD5 of its UTF-8. A pure function, so callers may compute it ahead on any thread.</summary>
    /// <remarks>
    /// Recovery (from the journal's strings) and ingest (from the frame's bytes, see <see cref="RecordFields.IdUtf8"/>)
    /// must agree on it, or a restarted daemon would store a resent message again. UTF-8 rather than the string's
    /// UTF-16 so ingest never needs the string: an Id read from a JSON string is valid Unicode (the reader refuses a
    /// lone surrogate), so its UTF-8 is the same bytes either way.
    /// </remarks>
    public static UInt128 Digest(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var length = System.Text.Encoding.UTF8.GetByteCount(id);
        byte[]? rented = null;
        var utf8 = length <= 256 ? stackalloc byte[length] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            System.Text.Encoding.UTF8.GetBytes(id, utf8);
            return Digest(utf8);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary><see cref="Digest(string)"/> of the Id whose UTF-8 is <paramref name="idUtf8"/>.</summary>
    public static UInt128 Digest(ReadOnlySpan<byte> idUtf8)
    {
        Span<byte> hash = stackalloc byte[Enrichment.Md5.HashSizeInBytes];
        Enrichment.Md5.HashData(idUtf8, hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }

    private int Home(ulong low, ulong high) => (int)((low ^ high) * s_multiplier >> _shift);

    /// <summary>The slot holding <paramref name="digest"/>, or the empty slot where it would go.</summary>
    private int Find(UInt128 digest)
    {
        var slots = _slots.Pointer;
        var mask = _slots.Length - 1;
        ulong low = (ulong)digest, high = (ulong)(digest >> 64);
        var index = Home(low, high);
        while (true)
        {
            ref readonly var slot = ref slots[index];
            if (slot.IsEmpty || (slot.Low == low && slot.High == high))
            {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    /// <summary>Deletes by moving later members of the cluster back into the hole (Knuth's algorithm R).</summary>
    private void Remove(UInt128 digest)
    {
        var slots = _slots.Pointer;
        var hole = Find(digest);
        if (slots[hole].IsEmpty)
        {
            return;
        }
        Count--;
        var mask = _slots.Length - 1;
        var slot = hole;
        while (true)
        {
            slot = (slot + 1) & mask;
            ref readonly var entry = ref slots[slot];
            if (entry.IsEmpty)
            {
                break;
            }
            var home = Home(entry.Low, entry.High);
            // The entry may fill the hole only if its home is not cyclically inside (hole, slot].
            var stays = hole <= slot ? home > hole && home <= slot : home > hole || home <= slot;
            if (!stays)
            {
                slots[hole] = entry;
                hole = slot;
            }
        }
        slots[hole] = default;
    }

    /// <summary>One table entry: the digest as two words (a <c>UInt128</c> field would pad the entry to 32 bytes) and its Sequence.</summary>
    /// <remarks>
    /// Key and Sequence side by side: a probe touches one cache line, not one in each of two arrays. The Sequence is
    /// stored XOR <see cref="Unstorable"/> so that the empty slot is all zero: the zeroed native table is empty with no
    /// fill pass (which, on a managed table, would also have made every page resident at once), and Sequence 0 stays
    /// storable.
    /// </remarks>
    private readonly struct Slot(UInt128 digest, long sequence)
    {
        public readonly ulong Low = (ulong)digest;
        public readonly ulong High = (ulong)(digest >> 64);
        private readonly long _stored = sequence ^ Unstorable;

        public bool IsEmpty => _stored == 0;

        public long Sequence => IsEmpty ? 0 : _stored ^ Unstorable;
    }
}
