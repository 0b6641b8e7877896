using System.Runtime.InteropServices;

namespace Ledger.Core.Ingest;

/// <summary>The Ids already persisted, for exactly-once by Id, in a bounded window of the most recent ones.</summary>
/// <remarks>
/// Ids are kept as 128-bit MD5 digests with the Sequence they were stored at (about 40 bytes each instead of a
/// string per Id), and the window evicts the oldest once it holds <see cref="Capacity"/> Ids, so memory stays bounded
/// however long the daemon runs. A 128-bit digest makes an accidental collision (a new message wrongly taken for a
/// duplicate) negligible: about n²/2¹²⁹ for n Ids.
/// </remarks>
public sealed class KnownIds
{
    private readonly Dictionary<UInt128, long> _sequences;
    private UInt128[] _order;
    private int _next;

    public KnownIds(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        // Grown on demand: a daemon that sees few messages should not pay for a full window up front.
        _sequences = new Dictionary<UInt128, long>(Math.Min(capacity, 1 << 12));
        _order = new UInt128[Math.Min(capacity, 1 << 12)];
    }

    /// <summary>How many Ids the window remembers.</summary>
    public int Capacity { get; }

    /// <summary>Ids currently remembered.</summary>
    public int Count => _sequences.Count;

    /// <summary>True (with the Sequence it was stored at) when <paramref name="id"/> is in the window.</summary>
    public bool TryGet(string id, out long sequence) => TryGet(Digest(id), out sequence);

    /// <summary>True (with the Sequence it was stored at) when the Id with this <see cref="Digest"/> is in the window.</summary>
    public bool TryGet(UInt128 digest, out long sequence) => _sequences.TryGetValue(digest, out sequence);

    /// <summary>Remembers an Id; evicts the oldest when the window is full.</summary>
    public void Add(string id, long sequence) => Add(Digest(id), sequence);

    /// <summary>Remembers the Id with this <see cref="Digest"/>; evicts the oldest when the window is full.</summary>
    public void Add(UInt128 digest, long sequence)
    {
        if (!_sequences.TryAdd(digest, sequence))
        {
            return;
        }
        if (_sequences.Count > Capacity)
        {
            _sequences.Remove(_order[_next]);
        }
        else if (_next == _order.Length && _order.Length < Capacity)
        {
            Array.Resize(ref _order, (int)Math.Min(Capacity, _order.Length * 2L));
        }
        _order[_next] = digest;
        _next = (_next + 1) % Capacity;
    }

    /// <summary>The key an Id is remembered by; a pure function, so callers may compute it ahead on any thread.</summary>
    public static UInt128 Digest(string id)
    {
        Span<byte> hash = stackalloc byte[Enrichment.Md5.HashSizeInBytes];
        Enrichment.Md5.HashData(MemoryMarshal.AsBytes(id.AsSpan()), hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }
}
