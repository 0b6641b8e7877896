using System.Runtime.InteropServices;
using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class Md5MultiBufferTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(64)]
    public void HashMany_MessagesOfEveryPaddingClass_SameAsOneAtATime(int count)
    {
        var random = new Random(count);
        // Lengths around the padding edges (55/56 fit or spill the length field; 64 starts a block) and a few long ones.
        int[] lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 400, 1000, 3000];
        var source = new byte[count * 3100 + 7];
        random.NextBytes(source);
        var messages = new Range[count];
        var offset = 7; // not aligned
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(3) == 0 ? random.Next(0, 700) : lengths[random.Next(lengths.Length)];
            messages[i] = offset..(offset + length);
            offset += length;
        }
        var hashes = new UInt128[count];

        Md5MultiBuffer.HashMany(source, messages, hashes);

        for (var i = 0; i < count; i++)
        {
            var expected = System.Security.Cryptography.MD5.HashData(source.AsSpan()[messages[i]]);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(MemoryMarshal.AsBytes(hashes.AsSpan(i, 1))));
        }
    }

    [Fact]
    public void HashMany_SameMessageInEveryLane_SameHashEverywhere()
    {
        var source = "the same text in eight lanes"u8.ToArray();
        var messages = Enumerable.Repeat(0..source.Length, 8).ToArray();
        var hashes = new UInt128[8];

        Md5MultiBuffer.HashMany(source, messages, hashes);

        var expected = MemoryMarshal.Read<UInt128>(System.Security.Cryptography.MD5.HashData(source));
        Assert.All(hashes, h => Assert.Equal(expected, h));
    }
}
