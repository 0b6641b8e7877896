using Ledger.Core.Ingest;

namespace Ledger.Core.Records;

/// <summary>The bytes and list elements that <see cref="JournalRow"/>s point into; shared by the rows of a batch.</summary>
internal sealed class JournalRowBuffer
{
    private Range[] _elements = new Range[64];
    private int _elementCount;

    public JournalRowBuffer(int initialBytes = 1 << 16)
    {
        Bytes = new ByteBufferWriter(initialBytes);
    }

    /// <summary>UTF-8 values of every row, back to back.</summary>
    public ByteBufferWriter Bytes { get; }

    /// <summary>List elements (shl_tags, keywords) of every row, as ranges of <see cref="Bytes"/>.</summary>
    public ReadOnlySpan<Range> Elements => _elements.AsSpan(0, _elementCount);

    public int ElementCount => _elementCount;

    /// <summary>The bytes of a non-null value.</summary>
    public ReadOnlySpan<byte> this[Utf8Slice slice] => Bytes.WrittenSpan.Slice(slice.Start, slice.Length);

    public void AddElement(Range element)
    {
        if (_elementCount == _elements.Length)
        {
            Array.Resize(ref _elements, _elements.Length * 2);
        }
        _elements[_elementCount++] = element;
    }

    /// <summary>Drops what a refused line added.</summary>
    public void Truncate(int byteCount, int elementCount)
    {
        Bytes.Truncate(byteCount);
        _elementCount = elementCount;
    }

    public void Clear()
    {
        Bytes.Clear();
        _elementCount = 0;
    }
}
