using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;

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

    [Fact]
    public void FromUtf8_EveryScalarAloneAndInRuns_SameAsDecodeThenToLowerInvariant()
    {
        // Every BMP scalar and supplementary ones up to U+1FFFF: alone between ASCII (short stretches, decoded one
        // by one), as one long non-ASCII run, and after a long ASCII stretch (the vectorized path).
        var alone = new StringBuilder();
        var run = new StringBuilder();
        for (var scalar = 0x80; scalar <= 0x1FFFF; scalar++)
        {
            if (scalar is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            var text = char.ConvertFromUtf32(scalar);
            alone.Append('A').Append(text).Append(scalar % 2 == 0 ? "Bc" : "");
            run.Append(text);
        }
        AssertSameFromUtf8(Encoding.UTF8.GetBytes(alone.ToString()));
        AssertSameFromUtf8(Encoding.UTF8.GetBytes(run.ToString()));
        AssertSameFromUtf8(Encoding.UTF8.GetBytes("THE QUICK BROWN FOX JUMPS OVER 13 LAZY DOGS, ÄÖÜ ΣΑΣ " + run));
        AssertSameFromUtf8(Encoding.UTF8.GetBytes("ALL ASCII, Mixed Case 123"));
        AssertSameFromUtf8([]);
    }

    [Fact]
    public void FromUtf8_IllFormedBytes_ReplacedAsEncodingUtf8Does()
    {
        // Overlong forms, encoded surrogates, lone continuation bytes, sequences cut short (also at the end) and
        // bytes never used in UTF-8, then random bytes drawn mostly from the non-ASCII range.
        byte[][] cases =
        [
            [0xC0, 0xAF, 0x41], [0xE0, 0x80, 0xAF], [0xE0, 0x9F, 0xBF, 0x61], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF, 0x42],
            [0x80, 0x41, 0xBF], [0xC3], [0x41, 0xE3, 0x81], [0xE3, 0x81, 0x41, 0xC3, 0x84], [0xF0, 0x9F, 0x98], [0xF5, 0x80, 0x80, 0x80],
            [0xF8, 0x41, 0xFE, 0xFF], [0xF4, 0x90, 0x80, 0x80], [0xC3, 0x84, 0xC3],
        ];
        foreach (var bytes in cases)
        {
            AssertSameFromUtf8(bytes);
        }
        var random = new Random(17);
        for (var round = 0; round < 2_000; round++)
        {
            var bytes = new byte[random.Next(1, 40)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(random.Next(4) == 0 ? random.Next(0x41, 0x5B) : random.Next(0x80, 0x100));
            }
            AssertSameFromUtf8(bytes);
        }
    }

    [Fact]
    public void FromUtf8_EachCharacterAmongNonAscii_VerbatimAsTheLineWritersOwnCheck()
    {
        // The verdict the line writer trusts instead of checking the message itself: every BMP character alone between
        // non-ASCII ones, ASCII ones also doubled (the vectorized stretch), first (the leading ASCII prefix) and last.
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            var ch = ((char)c).ToString();
            AssertSameFromUtf8(Encoding.UTF8.GetBytes("é" + ch + "データ"));
            AssertSameFromUtf8(Encoding.UTF8.GetBytes(ch + "é"));
            if (c < 0x80)
            {
                AssertSameFromUtf8(Encoding.UTF8.GetBytes("é" + ch + ch + "é"));
                AssertSameFromUtf8(Encoding.UTF8.GetBytes("é plain words, then " + ch + " and more words"));
                AssertSameFromUtf8(Encoding.UTF8.GetBytes(ch + ch + "ü"));
            }
        }
        AssertSameFromUtf8(Encoding.UTF8.GetBytes("rocket 🚀 then é")); // supplementary: always escaped
    }

    private static void AssertSameFromUtf8(byte[] utf8)
    {
        var lower = new char[utf8.Length];
        var length = LowerCase.FromUtf8(utf8, lower, out var wasAscii, out var verbatim);
        Assert.Equal(Encoding.UTF8.GetString(utf8).ToLowerInvariant(), new string(lower, 0, length));
        Assert.Equal(Ascii.IsValid(utf8), wasAscii);
        // Looked for only in text that is not all ASCII, and then the line writer's own answer.
        Assert.Equal(!wasAscii && JsonVerbatim.IsVerbatim(utf8, JournalLineWriter.PlainBytes), verbatim);
    }

    private static void AssertSame(string text)
    {
        var lower = new char[text.Length];
        LowerCase.Invariant(text, lower);
        Assert.Equal(text.ToLowerInvariant(), new string(lower));
    }
}
