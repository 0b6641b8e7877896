using System.Security.Cryptography;
using System.Text;
using Ledger.Core.Records;

namespace Ledger.Core.Tests.Records;

public sealed class RecordMetadataTests
{
    [Fact]
    public void ContentHash_GivenAsDigest_LowerCaseHexOfMd5()
    {
        var bytes = Encoding.UTF8.GetBytes("deploy the fix now");
        var md5 = MD5.HashData(bytes);

        var metadata = new RecordMetadata { ContentMd5 = System.Runtime.InteropServices.MemoryMarshal.Read<UInt128>(md5) };

        Assert.Equal(Convert.ToHexStringLower(md5), metadata.ContentHash);
    }

    [Fact]
    public void Equals_HashAsTextOrAsDigest_Equal()
    {
        var md5 = MD5.HashData("x"u8);
        var digest = new RecordMetadata { ContentMd5 = System.Runtime.InteropServices.MemoryMarshal.Read<UInt128>(md5) };
        var text = new RecordMetadata { ContentHash = Convert.ToHexStringLower(md5) };

        Assert.Equal(text, digest);
        Assert.Equal(text.GetHashCode(), digest.GetHashCode());
        Assert.NotEqual(text, text with { ContentHash = "0" });
    }

    [Fact]
    public void ContentHash_SetAfterDigestInWith_TheTextAndNoDigest()
    {
        var digest = new RecordMetadata { ContentMd5 = UInt128.MaxValue };

        var text = digest with { ContentHash = "abc" };

        Assert.Equal("abc", text.ContentHash);
        Assert.Null(text.ContentMd5);
        Assert.Equal(new string('f', 32), digest.ContentHash);
    }

    [Fact]
    public void ContentHash_Neither_Empty()
    {
        Assert.Equal("", new RecordMetadata().ContentHash);
        Assert.Null(new RecordMetadata().ContentMd5);
    }
}
