using Ledger.Core.Ingest;

namespace Ledger.Core.Tests.Ingest;

public sealed class NativeArrayTests
{
    [Fact]
    public void Constructor_LargeArray_EveryElementIsZero()
    {
        // Large enough for the allocator to map fresh pages rather than reuse the heap.
        using var array = new NativeArray<UInt128>(1 << 20);
        Assert.Equal(1 << 20, array.Length);
        Assert.True(array.AsSpan().IndexOfAnyExcept(UInt128.Zero) < 0);
    }

    [Fact]
    public unsafe void Constructor_ArrayOfHugePagesOnLinux_StartsOnA2MiBBoundaryAndHoldsItsEnds()
    {
        // 3 MiB + a bit: mapped on its own (Linux), aligned for transparent huge pages; the last element must be usable.
        var length = (3 << 20) / sizeof(long) + 5;
        using var array = new NativeArray<long>(length);
        array[0] = 1;
        array[length - 1] = 2;

        Assert.Equal([1L, 2L], [array.AsSpan()[0], array.AsSpan()[^1]]);
        Assert.True(array.AsSpan()[1..^1].IndexOfAnyExcept(0L) < 0, "fresh memory must read as zero");
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(0UL, (ulong)array.Pointer % (2UL << 20));
        }
    }

    [Fact]
    public void Indexer_WrittenElement_ReadsBackThroughSpan()
    {
        using var array = new NativeArray<long>(100);
        array[0] = 7;
        array[99] = -3;
        ref var middle = ref array[50];
        middle = 42;
        Assert.Equal([7L, 42L, -3L], [array.AsSpan()[0], array.AsSpan()[50], array.AsSpan()[99]]);
    }

    [Fact]
    public void Dispose_Twice_FreesOnce()
    {
        var array = new NativeArray<int>(16);
        array.Dispose();
        array.Dispose();
        Assert.Equal(16, array.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_NoElements_Throws(int length)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NativeArray<int>(length));
    }
}
