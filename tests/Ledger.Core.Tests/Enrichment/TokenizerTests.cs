using System.Globalization;
using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class TokenizerTests
{
    [Theory]
    [InlineData("snake_case ui-ux, don't", new[] { "snake", "case", "ui", "ux", "don", "t" })]
    [InlineData("größe über straße", new[] { "größe", "über", "straße" })]
    [InlineData("データベースのスキーマを変更しました", new[] { "データベース", "スキーマ", "変更" })]
    [InlineData("deploy🚀now 𝐀bc", new[] { "deploy", "now", "𝐀bc" })]
    [InlineData("  ...  ", new string[0])]
    public void MoveNext_Text_YieldsWords(string text, string[] expected)
    {
        Assert.Equal(expected, Tokens(text));
    }

    [Fact]
    public void MoveNext_EachBmpCharacterInContext_SameTokensAsItsUnicodeCategorySays()
    {
        // The tokenizer reads categories from a table built once; here they come from the runtime for every
        // character, alone, inside a Latin word, before a combining mark, and between Han and Katakana.
        for (var c = 0x80; c < 0x10000; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }
            var ch = (char)c;
            foreach (var text in new[] { $"{ch}", $"a{ch}b", $"{ch}\u0301{ch}", $"変{ch}カ {ch}{ch}" })
            {
                Assert.Equal(ReferenceTokens(text), Tokens(text));
            }
        }
    }

    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var tokenizer = new Tokenizer(text);
        while (tokenizer.MoveNext(out var start, out var length, out _))
        {
            tokens.Add(text.Substring(start, length));
        }
        return tokens;
    }

    /// <summary>The rules of <see cref="Tokenizer"/> (BMP only), one character at a time from the runtime's categories.</summary>
    private static List<string> ReferenceTokens(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var kind = Kind(text[i]);
            if (kind == "none")
            {
                i++;
                continue;
            }
            var start = i++;
            while (i < text.Length && (Kind(text[i]) == kind || (kind == "word" && Kind(text[i]) == "mark")))
            {
                i++;
            }
            tokens.Add(text[start..i]);
        }
        return tokens;
    }

    private static string Kind(char c) => c switch
    {
        < '\u0080' => char.IsAsciiLetterOrDigit(c) ? "word" : "none",
        >= '\u3040' and <= '\u309F' => "none",
        >= '\u30A0' and <= '\u30FF' or >= '\uFF66' and <= '\uFF9F' => "katakana",
        >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF' => "han",
        _ => char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => "mark",
            _ => char.IsLetterOrDigit(c) ? "word" : "none",
        },
    };
}
