using System.Security.Cryptography;
using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class Md5Tests
{
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void HashData_Rfc1321TestSuite_MatchesPublishedDigests(string input, string expected)
    {
        var hash = new byte[Md5.HashSizeInBytes];
        Md5.HashData(System.Text.Encoding.ASCII.GetBytes(input), hash);
        Assert.Equal(expected, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void HashData_EveryLengthAroundBlockAndPaddingEdges_MatchesPlatformMd5()
    {
        var random = new Random(11);
        var ours = new byte[Md5.HashSizeInBytes];
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Md5.HashData(data, ours);
            Assert.Equal(MD5.HashData(data), ours);
        }
        var large = new byte[1 << 20];
        random.NextBytes(large);
        Md5.HashData(large, ours);
        Assert.Equal(MD5.HashData(large), ours);
    }

    [Fact]
    public void HashData_InputAtEveryAlignment_MatchesPlatformMd5()
    {
        // Blocks are read as 32-bit words straight from the span, so a slice that starts mid-word must hash the same.
        var buffer = new byte[64 * 3 + 8];
        new Random(5).NextBytes(buffer);
        var ours = new byte[Md5.HashSizeInBytes];
        for (var offset = 0; offset < 8; offset++)
        {
            var slice = buffer.AsSpan(offset, 64 * 3);
            Md5.HashData(slice, ours);
            Assert.Equal(MD5.HashData(slice), ours);
        }
    }
}
