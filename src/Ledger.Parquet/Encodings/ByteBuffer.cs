using System.Buffers.Binary;

namespace Ledger.Parquet.Encodings;

/// <summary>A growable byte buffer with little-endian and varint writers; reused across pages to avoid garbage.</summary>
internal sealed class ByteBuffer
{
    private byte[] _bytes;
    private int _length;

    public ByteBuffer(int initialCapacity = 256)
    {
        _bytes = new byte[Math.Max(16, initialCapacity)];
    }

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, _length);

    public ReadOnlyMemory<byte> Memory => _bytes.AsMemory(0, _length);

    public void Clear() => _length = 0;

    public byte[] ToArray() => Span.ToArray();

    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    public void WriteByte(byte value)
    {
        Ensure(1);
        _bytes[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_bytes.AsSpan(_length));
        _length += value.Length;
    }

    public void WriteInt32LittleEndian(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(_length), value);
        _length += 4;
    }

    /// <summary>Overwrites four bytes already written (length prefixes known only after the block).</summary>
    public void PatchInt32LittleEndian(int position, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(position, 4), value);

    /// <summary>ULEB128, the varint of both Thrift compact and the RLE/bit-packed hybrid run headers.</summary>
    public void WriteUnsignedVarInt(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _bytes[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _bytes[_length++] = (byte)value;
    }

    /// <summary>Reserves <paramref name="count"/> bytes and returns them for the caller to fill.</summary>
    public Span<byte> GetSpan(int count)
    {
        Ensure(count);
        var span = _bytes.AsSpan(_length, count);
        _length += count;
        return span;
    }

    /// <summary>Drops bytes past <paramref name="length"/>: gives back the unused tail of a <see cref="GetSpan"/> reservation.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _bytes.Length)
        {
            return;
        }
        var needed = (long)_length + extra;
        var capacity = Math.Max(needed, Math.Min((long)_bytes.Length * 2, Array.MaxLength));
        if (capacity > Array.MaxLength)
        {
            throw new InvalidOperationException("A Parquet buffer cannot exceed 2 GB; use smaller row groups.");
        }
        Array.Resize(ref _bytes, (int)capacity);
    }
}
