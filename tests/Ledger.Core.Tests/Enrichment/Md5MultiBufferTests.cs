using System.Runtime.InteropServices;
using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class Md5MultiBufferTests
{
    public static TheoryData<int, int> CountsAndLanes()
    {
        var data = new TheoryData<int, int>();
        foreach (var lanes in new[] { 1, 8, 16 })
        {
            foreach (var count in new[] { 1, 2, 7, 8, 9, 15, 16, 17, 25, 33, 64 })
            {
                data.Add(count, lanes);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CountsAndLanes))]
    public void HashMany_MessagesOfEveryPaddingClass_SameAsOneAtATime(int count, int lanes)
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
        if (lanes > Md5MultiBuffer.PreferredLanes)
        {
            // This CPU lacks the vectors (AVX-512 for 16, AVX2 for 8): refused, not silently hashed another way.
            Assert.Throws<PlatformNotSupportedException>(() => Md5MultiBuffer.HashMany(source, messages, hashes, lanes));
            return;
        }

        Md5MultiBuffer.HashMany(source, messages, hashes, lanes);

        for (var i = 0; i < count; i++)
        {
            var expected = System.Security.Cryptography.MD5.HashData(source.AsSpan()[messages[i]]);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(MemoryMarshal.AsBytes(hashes.AsSpan(i, 1))));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(32)]
    public void HashMany_LaneCountNotOneEightOrSixteen_Throws(int lanes)
    {
        var source = "text"u8.ToArray();
        Assert.Throws<ArgumentOutOfRangeException>(() => Md5MultiBuffer.HashMany(source, [0..4], new UInt128[1], lanes));
    }

    [Fact]
    public void HashMany_SameMessageInEveryLane_SameHashEverywhere()
    {
        var source = "the same text in every lane"u8.ToArray();
        var messages = Enumerable.Repeat(0..source.Length, 16).ToArray();
        var hashes = new UInt128[16];

        Md5MultiBuffer.HashMany(source, messages, hashes);

        var expected = MemoryMarshal.Read<UInt128>(System.Security.Cryptography.MD5.HashData(source));
        Assert.All(hashes, h => Assert.Equal(expected, h));
    }
}
