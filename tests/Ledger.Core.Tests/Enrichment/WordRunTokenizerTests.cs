using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Enrichment;

public sealed class WordRunTokenizerTests
{
    [Theory]
    [InlineData("snake_case ui-ux, don't", new[] { "snake", "case", "ui", "ux", "don", "t" })]
    [InlineData("p99 went 40ms->12ms", new[] { "p99", "went", "40ms", "12ms" })]
    [InlineData("café—naïve 🚀ship", new[] { "café—naïve", "🚀ship" })]
    [InlineData("  ...  ", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("x", new[] { "x" })]
    public void MoveNext_Text_YieldsRuns(string text, string[] expected)
    {
        Assert.Equal(expected, Runs(text).Select(r => r.Text));
    }

    [Fact]
    public void MoveNext_RunsAcrossMaskWordBoundaries_MatchTokenizer()
    {
        // A run that ends exactly at bit 64 or 128, one that spans two mask words, and text that ends mid-run.
        var texts = new[]
        {
            new string('a', 64), new string('b', 128), new string('c', 63) + " " + new string('d', 70),
            new string(' ', 60) + "spanning" + new string(' ', 60) + "end", new string(' ', 127) + "z",
            new string(' ', 62) + "aé" + new string('b', 66) + " x", new string('é', 130),
        };
        foreach (var text in texts)
        {
            AssertSameTokens(text);
        }
    }

    [Fact]
    public void MoveNext_RandomLowerTextAnyScript_MatchesTokenizer()
    {
        // ASCII punctuation, letters and digits mixed with accented Latin, CJK, Hiragana, combining marks,
        // surrogate pairs and symbols: tokens from runs (one per ASCII run, Tokenizer inside the others) must be
        // exactly Tokenizer's tokens over the whole text.
        string[] pieces =
        [
            "a", "b", "z", "0", "9", "deploy", " ", " ", ".", ",", "-", "_", "'", "\"", "\n", "/", "é", "ß", "ı", "σ",
            "デ", "ー", "タ", "の", "変", "更", "\u0301", "\u0915\u094d", "🚀", "𝐀", "—", "’", "…", "\u00a0", "\u3000",
        ];
        var random = new Random(19);
        for (var round = 0; round < 3000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 120)).Select(_ => pieces[random.Next(pieces.Length)]));
            AssertSameTokens(text);
        }
    }

    [Fact]
    public void AsciiRuns_BoundaryAndRandomAsciiText_SameRunsAsMoveNext()
    {
        // Runs that end at bit 64 or at the text's end on a 64-character boundary (the carry out of the last mask
        // word), runs spanning two and three mask words, single characters, empty and separator-only text.
        var texts = new List<string>
        {
            "", "x", " ", "  ...  ", new string('a', 64), new string('b', 128), new string('c', 63) + " " + new string('d', 70),
            new string(' ', 63) + "q", new string(' ', 64) + "r", "s" + new string(' ', 63), new string('t', 150) + " ",
            new string(' ', 60) + "spanning" + new string(' ', 60) + "end", "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 9",
        };
        const string Pieces = "abcxyz0189 .,-_'\"/\n";
        var random = new Random(41);
        for (var round = 0; round < 2000; round++)
        {
            texts.Add(new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => Pieces[random.Next(Pieces.Length)]).ToArray()));
        }
        foreach (var text in texts)
        {
            var expected = Runs(text).Select(r => (r.Start, r.Start + r.Length)).ToList();
            // The enricher's reused buffers hold an earlier message's runs: only the first `count` may be read.
            var starts = Enumerable.Repeat(-7, (text.Length + 1) / 2).ToArray();
            var ends = Enumerable.Repeat(-7, (text.Length + 1) / 2).ToArray();
            var tokenizer = new WordRunTokenizer(text, allAscii: true);
            var count = tokenizer.AsciiRuns(starts, ends);

            Assert.Equal(expected, Enumerable.Range(0, count).Select(i => (starts[i], ends[i])).ToList());
        }
    }

    private static void AssertSameTokens(string text)
    {
        var expected = new List<(int, int, bool)>();
        var tokenizer = new Tokenizer(text);
        while (tokenizer.MoveNext(out var start, out var length, out var isCjk))
        {
            expected.Add((start, length, isCjk));
        }
        var actual = new List<(int, int, bool)>();
        foreach (var (start, length, isAscii, _) in Runs(text))
        {
            Assert.Equal(text.AsSpan(start, length).ContainsAnyExceptInRange('\0', '\u007F'), !isAscii);
            if (isAscii)
            {
                actual.Add((start, length, false));
                continue;
            }
            var inner = new Tokenizer(text.AsSpan(start, length));
            while (inner.MoveNext(out var offset, out var innerLength, out var isCjk))
            {
                actual.Add((start + offset, innerLength, isCjk));
            }
        }
        Assert.Equal(expected, actual);
    }

    private static List<(int Start, int Length, bool IsAscii, string Text)> Runs(string text)
    {
        var runs = Runs(text, scratch: null);
        // The enricher's reused buffers hold an earlier message's bits: the answer must not depend on them.
        var dirty = new EnrichmentScratch();
        dirty.RunBits(2 * ((text.Length + 63) / 64) + 1).AsSpan().Fill(ulong.MaxValue);
        Assert.Equal(runs, Runs(text, dirty));
        return runs;
    }

    private static List<(int Start, int Length, bool IsAscii, string Text)> Runs(string text, EnrichmentScratch? scratch)
    {
        var runs = new List<(int, int, bool, string)>();
        var tokenizer = new WordRunTokenizer(text, scratch: scratch);
        while (tokenizer.MoveNext(out var start, out var length, out var isAscii))
        {
            runs.Add((start, length, isAscii, text.Substring(start, length)));
        }
        return runs;
    }
}
