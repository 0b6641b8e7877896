using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Ledger.Core.Ingest;

/// <summary>A growable byte buffer that can also be cut back, so a record that fails mid-serialization leaves no bytes.</summary>
public sealed class ByteBufferWriter : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _written;

    public ByteBufferWriter(int initialCapacity = 1 << 16) => _buffer = new byte[initialCapacity];

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("advanced past the end of the buffer");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Appends bytes.</summary>
    /// <remarks>
    /// Inlined: a journal line is ~30 writes of constant member names, and inlined at such a call the length is a
    /// constant, so the copy is a few unrolled moves instead of a call into the general memmove (the calls and their
    /// memmoves were ~4 % of the daemon's samples; the processing stage's CPU did not move measurably with this
    /// alone).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _written)
        {
            Grow(bytes.Length);
        }
        bytes.CopyTo(_buffer.AsSpan(_written));
        _written += bytes.Length;
    }

    /// <summary>Appends <paramref name="value"/> in decimal (the journal's Sequence, an ack's, a line's numbers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteNumber(long value)
    {
        // 20 bytes hold any long, its sign included.
        Utf8Formatter.TryFormat(value, GetSpan(20), out var written);
        _written += written;
    }

    /// <summary>Cuts the content back to <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _written);
        _written = length;
    }

    /// <summary>Empties the buffer; a buffer grown past 32 MiB by one huge batch is released.</summary>
    public void Clear()
    {
        _written = 0;
        if (_buffer.Length > 32 << 20)
        {
            _buffer = new byte[1 << 16];
        }
    }

    private void Ensure(int sizeHint)
    {
        if (Math.Max(sizeHint, 1) > _buffer.Length - _written)
        {
            Grow(sizeHint);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }
}
