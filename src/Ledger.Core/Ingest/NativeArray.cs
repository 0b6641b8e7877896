using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ledger.Core.Ingest;

/// <summary>A zeroed array of unmanaged values outside the managed heap, freed by <see cref="Dispose"/> or, for one that lives as long as its owner, by the finalizer.</summary>
/// <remarks>
/// For the Id window's tables (~17 MB at the default window). As managed arrays, grown by doubling, each step was a
/// large-object allocation: outgrown arrays stayed resident until a full collection found them, and their bytes
/// counted toward the budget that starts one (a fresh daemon's first million messages saw 3–4 gen2 collections and
/// a peak RSS ~20 MB higher). A large zeroed native block is mapped lazily, so the window can be allocated at full size
/// up front: a page becomes resident when the first Id lands in it, and the collector never sees the tables.
/// No <c>GC.AddMemoryPressure</c>: that would make the tables start full collections again, which is what this avoids;
/// their size is bounded by the window.
/// Indexing is unchecked: callers keep indices in range (the window masks them with a power of two).
/// </remarks>
internal sealed unsafe class NativeArray<T> : IDisposable where T : unmanaged
{
    private T* _items;

    // Where the block came from: a mapping of its own (base and length, for munmap) or NativeMemory (both zero).
    private void* _mapping;
    private nuint _mappingBytes;

    public NativeArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var bytes = (nuint)length * (nuint)sizeof(T);
        // A large table on huge pages where the kernel offers them (see HugePageMemory).
        _items = (T*)HugePageMemory.TryMapZeroed(bytes, out _mapping, out _mappingBytes);
        if (_items == null)
        {
            _items = (T*)NativeMemory.AllocZeroed((nuint)length, (nuint)sizeof(T));
        }
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
        if (_mapping != null)
        {
            HugePageMemory.Unmap(_mapping, _mappingBytes);
            _mapping = null;
        }
        else if (_items != null)
        {
            NativeMemory.Free(_items);
        }
        _items = null;
    }
}
