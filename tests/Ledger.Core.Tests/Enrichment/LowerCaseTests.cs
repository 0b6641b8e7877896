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

    [Fact]
    public void Invariant_LongNonAsciiStretchesWithPairsAndLoneSurrogates_SameAsToLowerInvariant()
    {
        // Every non-ASCII BMP character in one stretch (the table's path), then the same with a supplementary letter
        // or a lone surrogate part-way, where the rest of the stretch goes to the runtime.
        var bmp = new StringBuilder();
        for (var c = 0x80; c <= 0xFFFF; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                bmp.Append((char)c);
            }
        }
        var all = bmp.ToString();
        AssertSame(all);
        AssertSame(all.Insert(5000, "𐐀") + "Ω𐐁ÄÉ");
        AssertSame(all.Insert(300, "\uD801") + "ΣΑ");
        AssertSame("ÄÖ\uDC00ÜΣ\uD801");
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
