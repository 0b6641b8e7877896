using System.Text.Json.Nodes;
using Ledger.Core.Enrichment;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Enrichment;

/// <summary>The individual rules of docs/ENRICHMENT.md: ties, folding, cue priority, keyword ranking.</summary>
public sealed class MetadataEnricherRuleTests
{
    private static readonly MetadataEnricher Enricher = new(RepoPaths.Rules);

    [Fact]
    public void Enrich_EqualHits_DomainDeclaredFirstWins()
    {
        // One hit each: "redis" (data_storage, declared 6th) and "cache" (performance, declared 8th).
        Assert.Equal("data_storage", Enricher.Enrich("The cache lives in redis.", null).ChainType);
    }

    [Fact]
    public void Enrich_EqualHitsWithOrderSwapped_OtherDomainWins()
    {
        var json = RulesJson.Shipped();
        var domains = json["domains"]!.AsArray();
        var performance = domains[7]!;
        domains.RemoveAt(7);
        domains.Insert(0, performance);
        var swapped = new MetadataEnricher(RulesJson.Parse(json));

        Assert.Equal("performance", swapped.Enrich("The cache lives in redis.", null).ChainType);
    }

    [Fact]
    public void Enrich_MoreHits_BeatsDeclarationOrder()
    {
        Assert.Equal("performance", Enricher.Enrich("The cache in redis cut latency and memory.", null).ChainType);
    }

    [Fact]
    public void Enrich_InflectedKeywords_CountAsHits()
    {
        var metadata = Enricher.Enrich("Tested it twice; testing again after the flaky tests.", null);

        Assert.Equal("testing_validation", metadata.ChainType);
    }

    [Fact]
    public void Enrich_KeywordInsideLongerWord_IsNotAHit()
    {
        // "protest" contains "test", "cached" is a form of "cache": whole words only, after folding.
        Assert.Equal("other", Enricher.Enrich("A protest outside today.", null).ChainType);
        Assert.Equal("performance", Enricher.Enrich("Results were cached.", null).ChainType);
    }

    [Fact]
    public void Enrich_Keywords_RankByFrequencyThenFirstOccurrence()
    {
        var metadata = Enricher.Enrich("zeta alpha beta alpha gamma beta delta alpha epsilon omega", null);

        Assert.Equal(["alpha", "beta", "zeta", "gamma", "delta"], metadata.Keywords);
    }

    [Fact]
    public void Enrich_WordsTooLongToMemoise_CountedTogetherWithMemoisedWords()
    {
        // Tokens over 48 characters are counted by their text, the rest by word id: the ranking must not care.
        var longWord = new string('q', 60);
        var text = $"omega {longWord} omega {longWord} {longWord} sigma";

        var first = Enricher.Enrich(text, null);
        var again = Enricher.Enrich(text, null);

        Assert.Equal([longWord, "omega", "sigma"], first.Keywords);
        Assert.Equal(first.Keywords, again.Keywords);
    }

    [Fact]
    public void Enrich_Keywords_AreLowerCasedWithoutStopWordsShortTokensOrNumbers()
    {
        var metadata = Enricher.Enrich("The API is OK at 2025 and we go: Parser PARSER parser.", null);

        Assert.Equal(["parser", "api"], metadata.Keywords);
    }

    [Fact]
    public void Enrich_KeywordCountFromRules_IsHonoured()
    {
        var json = RulesJson.Shipped();
        json["keywordCount"] = 2;

        var metadata = new MetadataEnricher(RulesJson.Parse(json)).Enrich("alpha beta gamma delta", null);

        Assert.Equal(["alpha", "beta"], metadata.Keywords);
    }

    [Theory]
    [InlineData("Build finished, tests passed.", "Done")]
    [InlineData("Build finished but the deploy crashed.", "Error")]
    [InlineData("Stuck waiting on the schema review.", "Blocked")]
    [InlineData("Currently implementing the retry loop.", "InProgress")]
    [InlineData("Parser is ready for input.", "Ready")]
    [InlineData("I will fix it.", "Ready")]
    public void Enrich_StatusCues_FirstInPriorityOrderWins(string message, string status)
    {
        Assert.Equal("@Status-" + status, Enricher.Enrich(message, null).ShlTags[0]);
    }

    [Theory]
    [InlineData("Should we shard the journal?", "Question")]
    [InlineData("The upload failed with a timeout.", "Failure")]
    [InlineData("We decided to keep JSONL as the journal format.", "Decision")]
    [InlineData("I'll send the patch tomorrow.", "Commitment")]
    [InlineData("The journal holds 42 records.", "Statement")]
    [InlineData("Why did the upload fail with a timeout?", "Question")]
    public void Enrich_LogicCues_QuestionMarkAndWordsDecide(string message, string logic)
    {
        Assert.Equal("@Logic-" + logic, Enricher.Enrich(message, null).ShlTags[3]);
    }

    [Theory]
    [InlineData("The tradeoff: move retries into the client library so servers stay simple.", "A")]
    [InlineData("Please look at the failing build when you can.", "C")]
    [InlineData("Restarted the worker.", "E")]
    [InlineData("Encrypt every token at rest per the new policy.", "A")]
    [InlineData("Rotate every token at rest.", "E")]
    public void Enrich_TierRules_FirstMatchingRuleDecides(string message, string tier)
    {
        Assert.Equal(tier, Enricher.Enrich(message, null).AceTier);
    }

    [Fact]
    public void Enrich_SameInput_GivesEqualResultsAcrossInstancesAndThreads()
    {
        const string message = "Deployed the cache fix; p99 latency is down. Will monitor tonight?";
        var expected = new MetadataEnricher(EnrichmentRules.Load(RepoPaths.EnrichmentConfig)).Enrich(message, """{"k":1}""");

        var results = Enumerable.Range(0, 64).AsParallel().Select(_ => Enricher.Enrich(message, """{"k":1}""")).ToList();

        Assert.All(results, r =>
        {
            Assert.Equal(expected.ChainType, r.ChainType);
            Assert.Equal(expected.AceTier, r.AceTier);
            Assert.Equal(expected.ShlTags, r.ShlTags);
            Assert.Equal(expected.Keywords, r.Keywords);
            Assert.Equal(expected.ContentHash, r.ContentHash);
            Assert.Equal(expected.ClientJson, r.ClientJson);
        });
    }
}
