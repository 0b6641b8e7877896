using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class AsciiTokenizerTests
{
    [Theory]
    [InlineData("snake_case ui-ux, don't", new[] { "snake", "case", "ui", "ux", "don", "t" })]
    [InlineData("p99 went 40ms->12ms", new[] { "p99", "went", "40ms", "12ms" })]
    [InlineData("  ...  ", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("x", new[] { "x" })]
    public void MoveNext_Text_YieldsWords(string text, string[] expected)
    {
        Assert.Equal(expected, AsciiTokens(text));
    }

    [Fact]
    public void MoveNext_WordsAcrossMaskWordBoundaries_MatchesTokenizer()
    {
        // A token that ends exactly at bit 64 or 128, one that spans two mask words, and text that ends mid-word.
        var texts = new[]
        {
            new string('a', 64), new string('b', 128), new string('c', 63) + " " + new string('d', 70),
            new string(' ', 60) + "spanning" + new string(' ', 60) + "end", new string(' ', 127) + "z",
        };
        foreach (var text in texts)
        {
            Assert.Equal(GeneralTokens(text), AsciiTokens(text));
        }
    }

    [Fact]
    public void MoveNext_RandomLowerAscii_MatchesTokenizer()
    {
        // Every printable ASCII character that can survive lower-casing, weighted towards letters so words vary in length.
        const string alphabet = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789     .,;:!?-_'\"()[]{}<>/\\@#$%^&*+=|~`\t\n";
        var random = new Random(17);
        for (var round = 0; round < 2000; round++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }
            var text = new string(chars);
            Assert.Equal(GeneralTokens(text), AsciiTokens(text));
        }
    }

    private static List<string> AsciiTokens(string text)
    {
        var tokens = new List<string>();
        var tokenizer = new AsciiTokenizer(text);
        try
        {
            while (tokenizer.MoveNext(out var start, out var length))
            {
                tokens.Add(text.Substring(start, length));
            }
        }
        finally
        {
            tokenizer.Dispose();
        }
        return tokens;
    }

    private static List<string> GeneralTokens(string text)
    {
        var tokens = new List<string>();
        var tokenizer = new Tokenizer(text);
        while (tokenizer.MoveNext(out var start, out var length, out _))
        {
            tokens.Add(text.Substring(start, length));
        }
        return tokens;
    }
}
