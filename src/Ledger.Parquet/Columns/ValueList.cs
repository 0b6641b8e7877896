namespace Ledger.Parquet.Columns;

/// <summary>A growable array of unmanaged values that hands out spans; cleared, not reallocated, per row group.</summary>
internal sealed class ValueList<T>
    where T : unmanaged
{
    private T[] _items = new T[64];
    private int _count;

    public int Count => _count;

    public ReadOnlySpan<T> Span => _items.AsSpan(0, _count);

    public T this[int index] => _items[index];

    public void Add(T value)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, checked(_items.Length * 2));
        }
        _items[_count++] = value;
    }

    public void Clear() => _count = 0;
}
