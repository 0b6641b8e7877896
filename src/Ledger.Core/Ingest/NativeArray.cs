using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ledger.Core.Ingest;

/// <summary>A zeroed array of unmanaged values outside the managed heap, freed by <see cref="Dispose"/> (or, if forgotten, by the finalizer).</summary>
/// <remarks>
/// For the Id window's tables, which grow by doubling to ~17 MB. As managed arrays each step was a large-object
/// allocation: the outgrown arrays stayed resident until a full collection found them, and their bytes counted toward
/// the budget that starts one (a fresh daemon's first million messages saw 3–4 gen2 collections and a peak RSS
/// ~15–20 MB higher). Here the old table is freed the moment the new one is filled, the collector never sees either,
/// and a large zeroed allocation is mapped lazily, so pages that no Id reaches are never resident.
/// No <c>GC.AddMemoryPressure</c>: that would make the tables start full collections again, which is what this avoids;
/// their size is bounded by the window and they are freed deterministically.
/// Indexing is unchecked: callers keep indices in range (the window masks them with a power of two).
/// </remarks>
internal sealed unsafe class NativeArray<T> : IDisposable where T : unmanaged
{
    private T* _items;

    public NativeArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _items = (T*)NativeMemory.AllocZeroed((nuint)length, (nuint)sizeof(T));
        Length = length;
    }

    ~NativeArray() => Free();

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The first element, for prefetching; valid until <see cref="Dispose"/>.</summary>
    public T* Pointer => _items;

    /// <summary>The element at <paramref name="index"/>, which must be in [0, <see cref="Length"/>).</summary>
    public ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _items[index];
    }

    /// <summary>The elements as a span (checked access, for copying and tests).</summary>
    public Span<T> AsSpan() => new(_items, Length);

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_items != null)
        {
            NativeMemory.Free(_items);
            _items = null;
        }
    }
}
