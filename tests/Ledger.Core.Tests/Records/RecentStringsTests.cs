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
    public void Get_TwoValuesOfOneSetInTurns_BothStayTheSameInstances()
    {
        // Two context ids whose bytes land in one set, as some pairs of fifty do: each used to evict the other.
        var (a, b, c) = ThreeOfOneSet();
        var first = (RecentStrings.Get(a), RecentStrings.Get(b));

        for (var i = 0; i < 10; i++)
        {
            Assert.Same(first.Item1, RecentStrings.Get(a));
            Assert.Same(first.Item2, RecentStrings.Get(b));
        }
        // A third value of the set evicts the one used longest ago (a), not the most recent (b).
        RecentStrings.Get(c);
        Assert.Same(first.Item2, RecentStrings.Get(b));
        Assert.NotSame(first.Item1, RecentStrings.Get(a));
    }

    private static (byte[], byte[], byte[]) ThreeOfOneSet()
    {
        var bySet = new Dictionary<int, List<byte[]>>();
        for (var i = 0; ; i++)
        {
            var bytes = Encoding.ASCII.GetBytes("ctx-" + i);
            var set = RecentStrings.Set(bytes);
            if (!bySet.TryGetValue(set, out var list))
            {
                bySet[set] = list = [];
            }
            list.Add(bytes);
            if (list.Count == 3)
            {
                return (list[0], list[1], list[2]);
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
