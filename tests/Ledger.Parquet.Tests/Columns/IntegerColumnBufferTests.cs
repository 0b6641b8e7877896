using System.Buffers.Binary;
using Ledger.Parquet.Columns;
using Ledger.Parquet.Encodings;
using Ledger.Parquet.Schema;

namespace Ledger.Parquet.Tests.Columns;

public sealed class IntegerColumnBufferTests
{
    private const int Count = 10_000;

    [Fact]
    public void WritePlainValues_Int64Range_LittleEndianBytesBackToBack()
    {
        var buffer = new IntegerColumnBuffer<long>(new ParquetField("v", ParquetType.Int64, Nullable: false));
        var values = Enumerable.Range(0, Count).Select(i => (long)i * 0x0102_0304_0506 - 7_000_000_000_000L).ToArray();
        foreach (var value in values)
        {
            buffer.Append(value);
        }
        var output = new ByteBuffer();

        buffer.WritePlainValues(100, 900, output);

        var expected = new byte[900 * 8];
        for (var i = 0; i < 900; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(expected.AsSpan(i * 8), values[100 + i]);
        }
        Assert.Equal(expected, output.Span.ToArray());
    }

    [Fact]
    public void WritePlainValues_Int32Range_LittleEndianBytesBackToBack()
    {
        var buffer = new IntegerColumnBuffer<int>(new ParquetField("v", ParquetType.Int32, Nullable: false));
        var values = Enumerable.Range(0, Count).Select(i => i * 214_013 - 1_000_000_000).ToArray();
        foreach (var value in values)
        {
            buffer.Append(value);
        }
        var output = new ByteBuffer();

        buffer.WritePlainValues(0, Count, output);

        var expected = new byte[Count * 4];
        for (var i = 0; i < Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(expected.AsSpan(i * 4), values[i]);
        }
        Assert.Equal(expected, output.Span.ToArray());
    }

    [Fact]
    public void WritePlainValues_ManyValues_AllocatesNothingPerValue()
    {
        // A value written through a default interface method is boxed: 24 bytes a value, 240 KB here.
        var buffer = new IntegerColumnBuffer<long>(new ParquetField("v", ParquetType.TimestampMicros, Nullable: false));
        for (var i = 0; i < Count; i++)
        {
            buffer.Append(i);
        }
        var output = new ByteBuffer(Count * 8);
        buffer.WritePlainValues(0, Count, output); // first call: the JIT's own allocations
        output.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        buffer.WritePlainValues(0, Count, output);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4096, $"{allocated} bytes allocated writing {Count} values");
    }
}
