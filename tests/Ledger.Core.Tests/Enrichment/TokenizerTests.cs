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
        var tokens = new List<string>();
        var tokenizer = new Tokenizer(text);
        while (tokenizer.MoveNext(out var start, out var length, out _))
        {
            tokens.Add(text.Substring(start, length));
        }

        Assert.Equal(expected, tokens);
    }
}
