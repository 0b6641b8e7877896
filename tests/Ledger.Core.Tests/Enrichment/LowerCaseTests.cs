using System.Text;
using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class LowerCaseTests
{
    [Fact]
    public void Invariant_EveryCharacterBetweenAsciiStretches_SameAsToLowerInvariant()
    {
        // Every BMP code unit (lone surrogates included) and every supplementary scalar up to U+1FFFF, each
        // between ASCII letters so the ASCII and general stretches alternate the way mixed text makes them.
        var text = new StringBuilder();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            text.Append('A').Append((char)c).Append("Bc");
        }
        for (var scalar = 0x10000; scalar <= 0x1FFFF; scalar++)
        {
            text.Append(char.ConvertFromUtf32(scalar)).Append(scalar % 3 == 0 ? "X" : "");
        }
        AssertSame(text.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("ALL ASCII, Mixed Case 123")]
    [InlineData("ÉTAT—Größe ΣΊΣΥΦΟΣ İstanbul")]
    [InlineData("DEPLOY 🚀 NOW 𐐀𐐁 DESERET")]
    [InlineData("データベースのスキーマを変更")]
    public void Invariant_Text_SameAsToLowerInvariant(string text)
    {
        AssertSame(text);
    }

    private static void AssertSame(string text)
    {
        var lower = new char[text.Length];
        LowerCase.Invariant(text, lower);
        Assert.Equal(text.ToLowerInvariant(), new string(lower));
    }
}
