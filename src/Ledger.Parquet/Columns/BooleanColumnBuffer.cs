using Ledger.Parquet.Encodings;
using Ledger.Parquet.Format;
using Ledger.Parquet.Schema;

namespace Ledger.Parquet.Columns;

/// <summary>BOOLEAN values; PLAIN packs them one bit each, LSB first.</summary>
internal sealed class BooleanColumnBuffer : ColumnBuffer
{
    private readonly ValueList<byte> _values = new();
    private bool _sawFalse;
    private bool _sawTrue;

    public BooleanColumnBuffer(ParquetField field)
        : base(field, field.Nullable ? 1 : 0, 0)
    {
    }

    public override PhysicalType PhysicalType => PhysicalType.Boolean;

    public override int ValueCount => _values.Count;

    public void Append(bool value)
    {
        AppendLevels(1, 0);
        _values.Add(value ? (byte)1 : (byte)0);
        _sawTrue |= value;
        _sawFalse |= !value;
    }

    public override void WritePlainValues(int start, int count, ByteBuffer output)
    {
        var packed = output.GetSpan((count + 7) / 8);
        packed.Clear();
        for (var i = 0; i < count; i++)
        {
            packed[i >> 3] |= (byte)(_values[start + i] << (i & 7));
        }
    }

    public override ColumnStatistics GetStatistics()
    {
        if (!_sawFalse && !_sawTrue)
        {
            return ColumnStatistics.None;
        }
        return new ColumnStatistics([_sawFalse ? (byte)0 : (byte)1], [_sawTrue ? (byte)1 : (byte)0], true, true);
    }

    public override void Reset()
    {
        base.Reset();
        _values.Clear();
        _sawFalse = false;
        _sawTrue = false;
    }

    protected override long EstimateValueBytes(int start, int count) => (count + 7) / 8;
}
