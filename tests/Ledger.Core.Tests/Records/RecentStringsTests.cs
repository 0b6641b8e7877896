using System.Text;
using Ledger.Core.Records;

namespace Ledger.Core.Tests.Records;

public sealed class RecentStringsTests
{
    [Fact]
    public void Get_SameAsciiBytesTwice_SameInstance()
    {
        var first = RecentStrings.Get("claude_code"u8);
        var second = RecentStrings.Get("claude_code"u8);

        Assert.Equal("claude_code", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Get_ManyDistinctValuesSharingSlots_EachTheTextOfItsBytes()
    {
        // Far more values than slots, so most collide: a hit must never be a neighbour's string.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 5000; i++)
            {
                var text = "ctx-" + i;
                Assert.Equal(text, RecentStrings.Get(Encoding.ASCII.GetBytes(text)));
            }
        }
    }

    [Fact]
    public void Get_SameLengthDifferentText_NotConfused()
    {
        Assert.Equal("agent-a", RecentStrings.Get("agent-a"u8));
        Assert.Equal("agent-b", RecentStrings.Get("agent-b"u8));
        Assert.Equal("agent-a", RecentStrings.Get("agent-a"u8));
    }

    [Theory]
    [InlineData("データ")]
    [InlineData("café")]
    public void Get_NonAscii_DecodedEveryTime(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var first = RecentStrings.Get(bytes);
        var second = RecentStrings.Get(bytes);

        Assert.Equal(text, first);
        Assert.Equal(text, second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Get_LongerThanMax_DecodedEveryTime()
    {
        var text = new string('x', RecentStrings.MaxBytes + 1);
        var bytes = Encoding.ASCII.GetBytes(text);

        var first = RecentStrings.Get(bytes);

        Assert.Equal(text, first);
        Assert.NotSame(first, RecentStrings.Get(bytes));
    }

    [Fact]
    public void Get_InvalidUtf8_ReplacementCharacterAsTheDecoderMakesIt()
    {
        byte[] topic = [(byte)'a', 0xFF, (byte)'b'];

        Assert.Equal(Encoding.UTF8.GetString(topic), RecentStrings.Get(topic));
        Assert.Equal("a\uFFFDb", RecentStrings.Get(topic));
    }

    [Fact]
    public void Get_Empty_EmptyString()
    {
        Assert.Equal("", RecentStrings.Get(""u8));
    }
}
