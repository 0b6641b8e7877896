using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Enrichment;

/// <summary>The enricher's fast paths (ASCII scan, UTF-8 input) must give exactly what the general path gives.</summary>
public sealed class MetadataEnricherPathTests
{
    private static readonly string[] Endings = ["", "s", "es", "ed", "ing", "er", "ies", "ied"];

    [Fact]
    public void Enrich_RandomAsciiTextFromTheRuleVocabulary_RunScanMatchesGeneralScan()
    {
        AssertScansAgree(Vocabulary(RepoPaths.Rules), seed: 23);
    }

    [Fact]
    public void Enrich_RandomTextWithNonAsciiWords_RunScanMatchesGeneralScan()
    {
        // Mostly-English agent text with the non-ASCII that LLM output carries: accents, dashes, curly quotes,
        // emoji, CJK, combining marks, upper-case non-ASCII that lower-casing changes.
        string[] foreign =
        [
            "café", "naïve", "Größe", "ÉTAT", "déploiement", "—", "’", "“quoted”", "…", "🚀", "✅", "データベース", "変更",
            "スキーマを変更しました", "e\u0301", "\u0915\u094d\u0937", "𝐀bc", "ΣΊΣΥΦΟΣ", "İstanbul", "\u00a0", "テスト2",
        ];
        AssertScansAgree(Vocabulary(RepoPaths.Rules).Concat(foreign).ToArray(), seed: 29);
    }

    [Theory]
    [InlineData("Deploy the Schema migration NOW? The DATABASE lease is held.")]
    [InlineData("Is the cache warm？ 全角の疑問符")]
    [InlineData("Plain statement with no question at all")]
    [InlineData("Größe ÉTAT and an ASCII tail: Review The PR")]
    [InlineData("🚀 Ship it?")]
    [InlineData("")]
    public void Enrich_Utf8Input_SameAsTheStringPath(string message)
    {
        var enricher = new MetadataEnricher(RepoPaths.Rules);
        const string Client = """{"k":1,"chain_type":"mine"}""";

        var viaString = enricher.Enrich(message, Client);
        var viaUtf8 = enricher.Enrich(Encoding.UTF8.GetBytes(message), Client);

        AssertSame(viaString, viaUtf8, message);
    }

    [Fact]
    public void Enrich_MemoFullOfDistinctWords_RunScanStillMatchesGeneralScan()
    {
        // Past WordMemo.MaxWords distinct words the memo stops remembering: words then have no id, are counted by
        // their text and answered from scratch. Both scans must still agree, for new words and remembered ones.
        var fast = new MetadataEnricher(RepoPaths.Rules);
        var general = new MetadataEnricher(RepoPaths.Rules) { UseRunScan = false };
        var rule = Vocabulary(RepoPaths.Rules);
        var random = new Random(37);
        var next = 0;
        for (var message = 0; message < 700; message++)
        {
            var words = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                // Short and long made-up words (packed and unpacked paths), a repeat, and rule words.
                words.Add(random.Next(3) switch
                {
                    0 => "w" + next++.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
                    1 => "longer" + next++.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "word",
                    _ => rule[random.Next(rule.Length)],
                });
            }
            words.Add(words[0]);
            var text = string.Join(' ', words);
            var expected = general.Enrich(text, null);
            AssertSame(expected, fast.Enrich(text, null), text);
            // The ingest path's all-ASCII scan, where a word the memo cannot hold takes the slow path.
            AssertSame(expected, fast.Enrich(Encoding.UTF8.GetBytes(text), null), text);
        }
        Assert.True(next > WordMemo.MaxWords, "the test must overflow the memo");
    }

    [Fact]
    public void Enrich_Utf8Bytes_MatchesEnrichOfTheString()
    {
        var enricher = new MetadataEnricher(RepoPaths.Rules);
        var texts = new[]
        {
            "Deploying the canary to staging now; rollback plan is the previous image.",
            "Größe der Datenbank: 40 GB — migration läuft?",
            "データベースのスキーマを変更しました。テストは？",
            "deploy🚀now 𝐀bc İstanbul ΣΊΣΥΦΟΣ",
            "tab\there, quote \" and backslash \\ and \u2028 line separator",
        };
        foreach (var text in texts)
        {
            var client = """{"run":"bench"}""";
            AssertSame(enricher.Enrich(text, client), enricher.Enrich(Encoding.UTF8.GetBytes(text), client), text);
        }
    }

    private static void AssertScansAgree(string[] vocabulary, int seed)
    {
        var fast = new MetadataEnricher(RepoPaths.Rules);
        var general = new MetadataEnricher(RepoPaths.Rules) { UseRunScan = false };
        var random = new Random(seed);
        // Twice over the same texts: the second pass runs on warm memos, where the packed index answers.
        var texts = Enumerable.Range(0, 1500).Select(_ => RandomText(random, vocabulary)).ToArray();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var text in texts)
            {
                var expected = general.Enrich(text, null);
                AssertSame(expected, fast.Enrich(text, null), text);
                // The ingest path: UTF-8 bytes, where all-ASCII text skips the run scan's non-ASCII checks.
                AssertSame(expected, fast.Enrich(Encoding.UTF8.GetBytes(text), null), text);
            }
        }
    }

    [Fact]
    public void Enrich_AfterLongerMessagesOnTheSameThread_SameAsAFreshEnricher()
    {
        // The enricher reuses its thread's buffers from message to message: a short message after long ones (whose
        // text, masks and counts are still in them) must come out as it would on its own.
        var reused = new MetadataEnricher(RepoPaths.Rules);
        var random = new Random(11);
        var vocabulary = Vocabulary(RepoPaths.Rules);
        for (var i = 0; i < 40; i++)
        {
            var longer = string.Join(" ", Enumerable.Range(0, 8).Select(_ => RandomText(random, vocabulary)));
            reused.Enrich(Encoding.UTF8.GetBytes(longer + " データ"), null);
            var text = RandomText(random, vocabulary);
            var expected = new MetadataEnricher(RepoPaths.Rules).Enrich(Encoding.UTF8.GetBytes(text), null);

            AssertSame(expected, reused.Enrich(Encoding.UTF8.GetBytes(text), null), text);
        }
    }

    private static void AssertSame(RecordMetadata expected, RecordMetadata actual, string text)
    {
        Assert.True(expected.ChainType == actual.ChainType, $"chain_type differs for: {text}");
        Assert.True(expected.AceTier == actual.AceTier, $"ace_tier differs for: {text}");
        Assert.True(expected.ShlTags.SequenceEqual(actual.ShlTags), $"shl_tags differ for: {text}");
        Assert.True(expected.Keywords.SequenceEqual(actual.Keywords),
            $"keywords [{string.Join(",", expected.Keywords)}] vs [{string.Join(",", actual.Keywords)}] for: {text}");
        Assert.Equal(expected.ContentHash, actual.ContentHash);
        Assert.Equal(expected.ClientJson, actual.ClientJson);
    }

    private static string[] Vocabulary(EnrichmentRules rules)
    {
        var words = new List<string>();
        words.AddRange(rules.Domains.SelectMany(d => d.Keywords));
        words.AddRange(rules.TierRules.SelectMany(t => t.Cues));
        words.AddRange(rules.StatusRules.SelectMany(s => s.Cues));
        words.AddRange(rules.LogicRules.SelectMany(l => l.Cues));
        words.AddRange(rules.StopWords);
        words.AddRange(["42", "2025", "p99", "v2", "x", "ok", "internationalization", "reconfiguration", "abcdefgh", "abcdefghi"]);
        // Single words only (multi-word cues are split by the tokenizer anyway), with endings the folder strips.
        return words.SelectMany(w => w.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .SelectMany(w => Endings.Select(e => w + e)).Distinct().ToArray();
    }

    private static string RandomText(Random random, string[] vocabulary)
    {
        const string separators = "  ,.;:!?-_'\"()/\n";
        var text = new StringBuilder();
        var words = random.Next(1, 80);
        for (var i = 0; i < words; i++)
        {
            var word = vocabulary[random.Next(vocabulary.Length)];
            text.Append(random.Next(4) switch
            {
                0 => word.ToUpperInvariant(),
                1 => char.ToUpperInvariant(word[0]) + word[1..],
                _ => word,
            });
            text.Append(separators[random.Next(separators.Length)]);
        }
        return text.ToString();
    }
}
