using System.Numerics;
using System.Runtime.InteropServices;
using Ledger.Parquet.Encodings;
using Ledger.Parquet.Format;
using Ledger.Parquet.Schema;

namespace Ledger.Parquet.Columns;

/// <summary>INT32 (<c>int</c>) or INT64 (<c>long</c>, also TIMESTAMP micros) values, PLAIN little-endian; statistics in signed order.</summary>
internal sealed class IntegerColumnBuffer<T> : ColumnBuffer
    where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    private static readonly int s_width = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    private readonly ValueList<T> _values = new();
    private T _min = T.MaxValue;
    private T _max = T.MinValue;

    public IntegerColumnBuffer(ParquetField field)
        : base(field, field.Nullable ? 1 : 0, 0)
    {
        if (s_width is not (4 or 8))
        {
            throw new NotSupportedException($"Parquet stores 32- and 64-bit integers, not {typeof(T).Name}");
        }
    }

    public override PhysicalType PhysicalType => s_width == 4 ? PhysicalType.Int32 : PhysicalType.Int64;

    public override int ValueCount => _values.Count;

    public void Append(T value)
    {
        AppendLevels(1, 0);
        _values.Add(value);
        _min = T.Min(_min, value);
        _max = T.Max(_max, value);
    }

    public override void WritePlainValues(int start, int count, ByteBuffer output)
    {
        var values = _values.Span.Slice(start, count);
        if (BitConverter.IsLittleEndian)
        {
            // PLAIN is the values' little-endian bytes back to back: here, the memory as it is, in one copy.
            output.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> bytes = stackalloc byte[8];
        foreach (var value in values)
        {
            value.TryWriteLittleEndian(bytes, out _);
            output.Write(bytes[..s_width]);
        }
    }

    public override ColumnStatistics GetStatistics() =>
        _values.Count == 0 ? ColumnStatistics.None : new ColumnStatistics(ToLittleEndian(_min), ToLittleEndian(_max), true, true);

    public override void Reset()
    {
        base.Reset();
        _values.Clear();
        _min = T.MaxValue;
        _max = T.MinValue;
    }

    // TryWriteLittleEndian, not WriteLittleEndian: the latter is a default interface method, and calling one on a
    // struct boxes it (a box per value: ~170 MB of garbage in an export of 1 M records).
    private static byte[] ToLittleEndian(T value)
    {
        var bytes = new byte[s_width];
        value.TryWriteLittleEndian(bytes, out _);
        return bytes;
    }

    protected override long EstimateValueBytes(int start, int count) => (long)s_width * count;
}
