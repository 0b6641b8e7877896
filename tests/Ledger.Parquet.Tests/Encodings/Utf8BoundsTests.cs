using System.Text;
using Ledger.Parquet.Encodings;

namespace Ledger.Parquet.Tests.Encodings;

public sealed class Utf8BoundsTests
{
    [Fact]
    public void LowerAndUpperBound_ShortValue_AreExactCopies()
    {
        var value = "agent_1"u8;

        Assert.Equal(value.ToArray(), Utf8Bounds.LowerBound(value, out var minExact));
        Assert.Equal(value.ToArray(), Utf8Bounds.UpperBound(value, out var maxExact));
        Assert.True(minExact);
        Assert.True(maxExact);
    }

    [Fact]
    public void LowerBound_LongValue_IsCharacterAlignedPrefix()
    {
        // 63 ASCII bytes then a 4-byte emoji straddling the 64-byte limit: the emoji must not be cut in half.
        var value = Encoding.UTF8.GetBytes(new string('a', 63) + "😀tail");

        var bound = Utf8Bounds.LowerBound(value, out var exact);

        Assert.False(exact);
        Assert.Equal(Encoding.UTF8.GetBytes(new string('a', 63)), bound);
    }

    [Fact]
    public void UpperBound_LongValue_IncrementsLastCharacterAndStaysAboveValue()
    {
        var value = Encoding.UTF8.GetBytes(new string('a', 62) + "é" + new string('z', 100));

        var bound = Utf8Bounds.UpperBound(value, out var exact)!;

        Assert.False(exact);
        Assert.True(bound.Length <= Utf8Bounds.MaxBytes);
        Assert.Equal(new string('a', 62) + "ê", Encoding.UTF8.GetString(bound));
        Assert.True(bound.AsSpan().SequenceCompareTo(value) > 0);
    }

    [Fact]
    public void UpperBound_PrefixEndsWithMaxCodePoint_IncrementsThePreviousCharacter()
    {
        var value = Encoding.UTF8.GetBytes(new string('b', 60) + "\U0010FFFF" + new string('z', 10));

        var bound = Utf8Bounds.UpperBound(value, out _)!;

        Assert.Equal(new string('b', 59) + "c", Encoding.UTF8.GetString(bound));
    }

    [Fact]
    public void UpperBound_IncrementBeforeSurrogateRange_SkipsToE000()
    {
        var value = Encoding.UTF8.GetBytes(new string('b', 61) + "\uD7FF" + new string('z', 10));

        var bound = Utf8Bounds.UpperBound(value, out _)!;

        Assert.Equal(new string('b', 61) + "\uE000", Encoding.UTF8.GetString(bound));
    }
}
