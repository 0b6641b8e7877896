using Ledger.Parquet.Encodings;
using Ledger.Parquet.Format;
using Ledger.Parquet.Schema;

namespace Ledger.Parquet.Columns;

/// <summary>INT32 values; statistics use signed order.</summary>
internal sealed class Int64ColumnBuffer : ColumnBuffer
{
    private readonly ValueList<long> _values = new();
    private long _min = long.MaxValue;
    private long _max = long.MinValue;

    public Int64ColumnBuffer(ParquetField field)
        : base(field, field.Nullable ? 1 : 0, 0)
    {
    }

    public override PhysicalType PhysicalType => PhysicalType.Int64;

    public override int ValueCount => _values.Count;

    public void Append(long value)
    {
        AppendLevels(1, 0);
        _values.Add(value);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    public override void WritePlainValues(int start, int count, ByteBuffer output)
    {
        foreach (var value in _values.Span.Slice(start, count))
        {
            output.WriteInt64LittleEndian(value);
        }
    }

    public override ColumnStatistics GetStatistics()
    {
        if (_values.Count == 0)
        {
            return ColumnStatistics.None;
        }
        return new ColumnStatistics(ToLittleEndian(_min), ToLittleEndian(_max), true, true);
    }

    public override void Reset()
    {
        base.Reset();
        _values.Clear();
        _min = long.MaxValue;
        _max = long.MinValue;
    }

    private static byte[] ToLittleEndian(long value)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    protected override long EstimateValueBytes(int start, int count) => 8L * count;
}
