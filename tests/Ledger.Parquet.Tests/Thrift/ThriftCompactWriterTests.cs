using Ledger.Parquet.Encodings;
using Ledger.Parquet.Thrift;

namespace Ledger.Parquet.Tests.Thrift;

/// <summary>Compact protocol bytes checked against values computed by hand from thrift-compact-protocol.md.</summary>
public sealed class ThriftCompactWriterTests
{
    private readonly ByteBuffer _buffer = new();
    private readonly ThriftCompactWriter _writer;

    public ThriftCompactWriterTests()
    {
        _writer = new ThriftCompactWriter(_buffer);
    }

    [Theory]
    [InlineData(0, new byte[] { 0x15, 0x00 })]
    [InlineData(-1, new byte[] { 0x15, 0x01 })]
    [InlineData(1, new byte[] { 0x15, 0x02 })]
    [InlineData(63, new byte[] { 0x15, 0x7E })]
    [InlineData(64, new byte[] { 0x15, 0x80, 0x01 })]
    [InlineData(-65, new byte[] { 0x15, 0x81, 0x01 })]
    [InlineData(int.MaxValue, new byte[] { 0x15, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(int.MinValue, new byte[] { 0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void WriteI32Field_Value_IsZigZagVarint(int value, byte[] expected)
    {
        _writer.WriteI32Field(1, value);

        Assert.Equal(expected, _buffer.ToArray());
    }

    [Fact]
    public void WriteI64Field_LargeValues_UseSixtyFourBitZigZag()
    {
        _writer.WriteI64Field(1, 1L << 40);
        _writer.WriteI64Field(2, long.MinValue);

        Assert.Equal(
            new byte[] { 0x16, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 },
            _buffer.ToArray());
    }

    [Fact]
    public void FieldHeader_DeltaAboveFifteen_WritesTypeThenZigZagId()
    {
        _writer.WriteI32Field(1, 0);
        _writer.WriteI32Field(16, 0);
        _writer.WriteI32Field(32, 0);
        _writer.WriteBoolField(33, true);
        _writer.WriteBoolField(300, false);

        // 1→16 is delta 15, still short (0xF5); 16→32 is delta 16: type byte then zigzag(32) = 0x40;
        // 300 zigzag = 600 = 0xD8 0x04.
        Assert.Equal(new byte[] { 0x15, 0x00, 0xF5, 0x00, 0x05, 0x40, 0x00, 0x11, 0x02, 0xD8, 0x04 }, _buffer.ToArray());
    }

    [Fact]
    public void WriteBinaryAndI8AndI16_UseRawByteAndLengthPrefix()
    {
        _writer.WriteStringField(1, "é");
        _writer.WriteI8Field(2, -2);
        _writer.WriteI16Field(3, 300);

        Assert.Equal(new byte[] { 0x18, 0x02, 0xC3, 0xA9, 0x13, 0xFE, 0x14, 0xD8, 0x04 }, _buffer.ToArray());
    }

    [Theory]
    [InlineData(14, new byte[] { 0xE5 })]
    [InlineData(15, new byte[] { 0xF5, 0x0F })]
    [InlineData(300, new byte[] { 0xF5, 0xAC, 0x02 })]
    public void WriteListHeader_Count_UsesShortFormOnlyUpToFourteen(int count, byte[] expected)
    {
        _writer.WriteListHeader(CompactType.I32, count);

        Assert.Equal(expected, _buffer.ToArray());
    }

    [Fact]
    public void NestedStructs_ResetFieldIdAndRestoreParentAtStop()
    {
        _writer.BeginStruct();
        _writer.WriteI32Field(3, 1);
        _writer.BeginListField(4, CompactType.Struct, 2);
        _writer.BeginStruct();
        _writer.WriteI32Field(1, 1);
        _writer.EndStruct();
        _writer.BeginStruct();
        _writer.WriteI32Field(2, 1);
        _writer.EndStruct();
        _writer.BeginStructField(5);
        _writer.EndStruct();
        _writer.WriteI32Field(6, 1);
        _writer.EndStruct();

        // field 3 (delta 3), list field 4 (delta 1) of 2 structs whose ids start again at 0,
        // struct field 5 (delta 1 from 4, not from the element's 2), empty, then field 6 (delta 1).
        Assert.Equal(
            new byte[] { 0x35, 0x02, 0x19, 0x2C, 0x15, 0x02, 0x00, 0x25, 0x02, 0x00, 0x1C, 0x00, 0x15, 0x02, 0x00 },
            _buffer.ToArray());
    }
}
