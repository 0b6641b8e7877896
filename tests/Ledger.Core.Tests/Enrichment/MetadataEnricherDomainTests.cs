using Ledger.Core.Enrichment;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Enrichment;

/// <summary>One realistic agent message per domain against the shipped rules: every field the enricher computes.</summary>
public sealed class MetadataEnricherDomainTests
{
    private static readonly MetadataEnricher Enricher = new(RepoPaths.Rules);

    public static TheoryData<string, string, string, string, string, string[]> Messages => new()
    {
        {
            "The lease service should sit behind an interface: each module talks to the broker through an adapter, and the interface keeps the coupling low and the module boundary clear.",
            "system_architecture", "A", "Ready", "Statement", ["interface", "module", "lease", "service", "sit"]
        },
        {
            "The dashboard sidebar overlaps the modal on small screens; I'm adjusting the layout and the button colors now.",
            "ui_ux", "E", "InProgress", "Statement", ["dashboard", "sidebar", "overlaps", "modal", "small"]
        },
        {
            "@gemini_cli could you review my handoff notes? Claude will pick up the parser subtask once we agree on the split.",
            "agent_collaboration", "C", "Ready", "Question", ["gemini", "cli", "review", "handoff", "notes"]
        },
        {
            "Unit tests pass locally but the integration suite is flaky: two assertions in the snapshot tests failed twice.",
            "testing_validation", "E", "Error", "Failure", ["tests", "unit", "pass", "locally", "integration"]
        },
        {
            "Deployed v2.3 to staging; the canary rollout to production starts tonight after the CI pipeline is green.",
            "deployment_ops", "E", "Done", "Commitment", ["deployed", "staging", "canary", "rollout", "production"]
        },
        {
            "Migration done: the messages table has a new index on ContextId, and the schema stores Timestamp as a UTC column.",
            "data_storage", "A", "Done", "Statement", ["migration", "done", "messages", "table", "new"]
        },
        {
            "CURVE auth is enabled: the ZAP handler rejects clients whose public key is not in the authorized keys directory.",
            "security", "E", "Ready", "Statement", ["curve", "auth", "enabled", "zap", "handler"]
        },
        {
            "Benchmark: batching cut p99 latency from 40 ms to 6 ms and throughput doubled to 310k msgs/s on 2 cores.",
            "performance", "E", "Ready", "Statement", ["benchmark", "batching", "cut", "p99", "latency"]
        },
        {
            "Updated the README with a quick-start guide and a diagram of the data flow; the PROTOCOL section still needs an example.",
            "documentation", "E", "Done", "Statement", ["updated", "readme", "quick", "start", "guide"]
        },
        {
            "Found the root cause of the hang: a deadlock between the receive thread and the journal lock. Stack trace attached, investigating a fix.",
            "debugging", "E", "InProgress", "Statement", ["found", "root", "cause", "hang", "deadlock"]
        },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Enrich_AgentMessage_ClassifiesDomainTierTagsAndKeywords(string message, string chain, string tier, string status, string logic, string[] keywords)
    {
        var metadata = Enricher.Enrich(message, null);

        Assert.Equal(chain, metadata.ChainType);
        Assert.Equal(tier, metadata.AceTier);
        Assert.Equal([$"@Status-{status}", $"@Chain-{chain}", $"@Tier-{tier}", $"@Logic-{logic}"], metadata.ShlTags);
        Assert.Equal(keywords, metadata.Keywords);
        Assert.False(metadata.Consolidated);
        Assert.Equal(1, metadata.OriginalMessageCount);
        Assert.Matches("^[0-9a-f]{32}$", metadata.ContentHash);
        Assert.Null(metadata.ClientJson);
    }

    [Fact]
    public void Enrich_NoKeywordHit_IsOtherWithDefaults()
    {
        var metadata = Enricher.Enrich("Good morning, everyone.", null);

        Assert.Equal("other", metadata.ChainType);
        Assert.Equal("E", metadata.AceTier);
        Assert.Equal(["@Status-Ready", "@Chain-other", "@Tier-E", "@Logic-Statement"], metadata.ShlTags);
        Assert.Equal(["good", "morning", "everyone"], metadata.Keywords);
    }

    [Fact]
    public void Enrich_Japanese_SplitsScriptsAndSeesFullWidthQuestionMark()
    {
        var metadata = Enricher.Enrich("本番環境へのdeployが失敗しました。rollbackしますか？", null);

        Assert.Equal("deployment_ops", metadata.ChainType);
        Assert.Equal("@Logic-Question", metadata.ShlTags[3]);
        Assert.Equal(["本番環境", "deploy", "失敗", "rollback"], metadata.Keywords);
    }

    [Fact]
    public void Enrich_German_MatchesSharedTechnicalWordsAndSkipsGermanStopWords()
    {
        var metadata = Enricher.Enrich("Die Datenbank-Migration ist fehlgeschlagen: der Index auf der Tabelle fehlt. Können wir das Schema prüfen?", null);

        Assert.Equal("data_storage", metadata.ChainType);
        Assert.Equal("A", metadata.AceTier);
        Assert.Equal("@Logic-Question", metadata.ShlTags[3]);
        Assert.Equal(["datenbank", "migration", "fehlgeschlagen", "index", "tabelle"], metadata.Keywords);
    }

    [Fact]
    public void Enrich_ContentHash_IsMd5OfUtf8Message()
    {
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", Enricher.Enrich("hello", null).ContentHash);
        Assert.Equal("506d72bd110988ee6677c25a5317a3ac", Enricher.Enrich("データベースのスキーマを変更しました 🚀", null).ContentHash);
    }

    [Fact]
    public void Enrich_LongMessage_HashesAndCountsWithoutStackBuffer()
    {
        var message = string.Concat(Enumerable.Repeat("deadlock in the journal writer, stack trace attached. ", 500));

        var metadata = Enricher.Enrich(message, null);

        Assert.Equal("debugging", metadata.ChainType);
        Assert.Equal(["deadlock", "journal", "writer", "stack", "trace"], metadata.Keywords);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(message))), metadata.ContentHash);
    }
}
