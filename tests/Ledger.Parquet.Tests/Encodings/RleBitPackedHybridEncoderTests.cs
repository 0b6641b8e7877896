using Ledger.Parquet.Encodings;

namespace Ledger.Parquet.Tests.Encodings;

/// <summary>Hybrid runs checked against Encodings.md by hand.</summary>
public sealed class RleBitPackedHybridEncoderTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(255, 8)]
    [InlineData(65_535, 16)]
    public void BitWidth_MaxValue_IsBitLength(int maxValue, int expected) =>
        Assert.Equal(expected, RleBitPackedHybridEncoder.BitWidth(maxValue));

    [Fact]
    public void Encode_LongRun_IsOneRleRun()
    {
        var output = new ByteBuffer();

        RleBitPackedHybridEncoder.Encode<byte>(Enumerable.Repeat((byte)3, 100).ToArray(), 2, output);

        // header = 100 << 1 = 200 = varint C8 01; value in one byte.
        Assert.Equal(new byte[] { 0xC8, 0x01, 0x03 }, output.ToArray());
    }

    [Fact]
    public void Encode_ShortMixedValues_AreBitPackedAndZeroPadded()
    {
        var output = new ByteBuffer();

        RleBitPackedHybridEncoder.Encode<byte>([3, 3, 1, 0], 2, output);

        // one group: header (1 << 1) | 1 = 3; values 3,3,1,0 then 4 zero pads, 2 bits each, LSB first.
        Assert.Equal(new byte[] { 0x03, 0b0001_1111, 0x00 }, output.ToArray());
    }

    [Fact]
    public void Encode_RunAfterPartialGroup_CompletesGroupBeforeRle()
    {
        var output = new ByteBuffer();
        int[] values = [1, 0, 1, .. Enumerable.Repeat(1, 20)];

        RleBitPackedHybridEncoder.Encode<int>(values, 1, output);

        // First 8 values bit-packed (1,0,1,1,1,1,1,1 = 0xFD), then an RLE run of the remaining 15 ones.
        Assert.Equal(new byte[] { 0x03, 0xFD, 0x1E, 0x01 }, output.ToArray());
    }

    [Fact]
    public void Encode_ZeroBitWidth_WritesRunsWithoutValueBytes()
    {
        var output = new ByteBuffer();

        RleBitPackedHybridEncoder.Encode<int>(new int[10], 0, output);

        Assert.Equal(new byte[] { 0x14 }, output.ToArray());
    }

    [Fact]
    public void Encode_ManyDistinctValues_CapsBitPackedRunsAtSixtyThreeGroups()
    {
        var output = new ByteBuffer();
        var values = Enumerable.Range(0, 600).Select(i => i % 2).ToArray();

        RleBitPackedHybridEncoder.Encode<int>(values, 1, output);

        // 504 values (63 groups) then 96 values (12 groups), each group 0b10101010.
        byte[] expected = [0x7F, .. Enumerable.Repeat((byte)0xAA, 63), 0x19, .. Enumerable.Repeat((byte)0xAA, 12)];
        Assert.Equal(expected, output.ToArray());
    }

    [Fact]
    public void Encode_ListLevelsFromBrief_MatchesHandComputedBytes()
    {
        var output = new ByteBuffer();

        RleBitPackedHybridEncoder.Encode<byte>([3, 3, 1, 0], 2, output);
        output.Clear();
        RleBitPackedHybridEncoder.Encode<byte>([0, 1, 0, 0], 1, output);

        // rep levels 0,1,0,0 bit-packed: 0b0000_0010.
        Assert.Equal(new byte[] { 0x03, 0x02 }, output.ToArray());
    }
}
