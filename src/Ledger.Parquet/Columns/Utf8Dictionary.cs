using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Ledger.Parquet.Encodings;

namespace Ledger.Parquet.Columns;

/// <summary>The distinct values of a dictionary-encoded column chunk, keyed by their UTF-8 bytes; ids in first-seen order.</summary>
/// <remarks>
/// Keyed by bytes, not strings: a column given UTF-8 (export reads the journal's bytes) would otherwise pay for a
/// string per value just to look it up, and a string key hashed its UTF-16 while the bytes were already at hand.
/// Open addressing with linear probing over a power-of-two table kept at most half full; each entry's hash is kept
/// so a probe compares bytes only when the hashes agree. The hash is seeded per process, so crafted values cannot
/// be chosen in advance to collide.
/// </remarks>
internal sealed class Utf8Dictionary
{
    private static readonly ulong s_seed = (ulong)Random.Shared.NextInt64() | 1;

    private readonly ByteBuffer _bytes = new(4096);
    private readonly ValueList<int> _offsets = new();
    private readonly ValueList<uint> _hashes = new();
    private int[] _slots = new int[256]; // id + 1, 0 = empty

    /// <summary>Distinct values held.</summary>
    public int Count => _offsets.Count;

    /// <summary>UTF-8 bytes of all distinct values.</summary>
    public long ByteCount => _bytes.Length;

    /// <summary>The value with id <paramref name="id"/>.</summary>
    public ReadOnlySpan<byte> this[int id]
    {
        get
        {
            var start = _offsets[id];
            var end = id + 1 < _offsets.Count ? _offsets[id + 1] : _bytes.Length;
            return _bytes.Slice(start, end - start);
        }
    }

    /// <summary>The id of <paramref name="value"/>, adding it with the next id when it is new.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> value)
    {
        var hash = Hash(value);
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                break;
            }
            var id = entry - 1;
            if (_hashes[id] == hash && this[id].SequenceEqual(value))
            {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        var added = _offsets.Count;
        _offsets.Add(_bytes.Length);
        _bytes.Write(value);
        _hashes.Add(hash);
        _slots[slot] = added + 1;
        if (2 * Count > _slots.Length)
        {
            Grow();
        }
        return added;
    }

    /// <summary>Forgets every value; the table keeps its size for the next chunk.</summary>
    public void Clear()
    {
        _bytes.Clear();
        _offsets.Clear();
        _hashes.Clear();
        Array.Clear(_slots);
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        var hashes = _hashes.Span;
        for (var id = 0; id < hashes.Length; id++)
        {
            var slot = (int)hashes[id] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _slots[slot] = id + 1;
        }
    }

    /// <summary>Eight bytes per multiply; the short values of dictionary columns (names, tags, keywords) take one or two rounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> value)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var h = s_seed ^ (ulong)value.Length;
        while (value.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(value)) * Multiplier;
            h ^= h >> 29;
            value = value[8..];
        }
        if (!value.IsEmpty)
        {
            ulong tail = 0;
            for (var i = 0; i < value.Length; i++)
            {
                tail |= (ulong)value[i] << (8 * i);
            }
            h = (h ^ tail) * Multiplier;
        }
        h ^= h >> 32;
        h *= Multiplier;
        return (uint)(h >> 32) ^ (uint)BitOperations.RotateLeft(h, 7);
    }
}
