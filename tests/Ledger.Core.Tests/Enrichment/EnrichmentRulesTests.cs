using System.Text.Json.Nodes;
using Ledger.Core.Enrichment;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Enrichment;

public sealed class EnrichmentRulesTests
{
    [Fact]
    public void Load_ShippedConfig_HasTenDomainsWithRealisticKeywordLists()
    {
        var rules = RepoPaths.Rules;

        Assert.Equal(EnrichmentRules.DomainNames, rules.Domains.Select(d => d.Name));
        Assert.All(rules.Domains, d => Assert.InRange(d.Keywords.Count, 15, 30));
        Assert.Equal(5, rules.KeywordCount);
        Assert.Contains("the", rules.StopWords);
        Assert.True(rules.StopWords.Count > 150);
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "ledger-no-such-dir-" + Guid.NewGuid(), "enrichment.json");

        var ex = Assert.Throws<EnrichmentRulesException>(() => EnrichmentRules.Load(path));

        Assert.StartsWith(path + ": cannot read the enrichment rules", ex.Message);
        Assert.IsAssignableFrom<LedgerException>(ex);
    }

    [Fact]
    public void Parse_NotJson_SaysSo()
    {
        var ex = Assert.Throws<EnrichmentRulesException>(() => EnrichmentRules.Parse("{\"domains\": [", "config/enrichment.json"));

        Assert.StartsWith("config/enrichment.json: not valid JSON:", ex.Message);
    }

    [Fact]
    public void Parse_TierRuleWithMisspeltDomain_NamesRuleAndDomain()
    {
        var message = RulesJson.ParseError(r => r["tiers"]!["rules"]![2]!["domains"] = new JsonArray("databse"));

        Assert.Equal("config/enrichment.json: tier rule 3 names unknown domain 'databse'", message);
    }

    [Fact]
    public void Parse_MissingDomain_NamesIt()
    {
        var message = RulesJson.ParseError(r => r["domains"]!.AsArray().RemoveAt(9));

        Assert.Equal("config/enrichment.json: missing domain 'debugging'", message);
    }

    [Fact]
    public void Parse_UnknownDomainName_ListsTheValidOnes()
    {
        var message = RulesJson.ParseError(r => r["domains"]![5]!["name"] = "databse");

        Assert.StartsWith("config/enrichment.json: domain 6 has unknown name 'databse' (expected one of system_architecture, ui_ux,", message);
    }

    [Fact]
    public void Parse_DuplicateDomain_SaysDeclaredTwice()
    {
        var message = RulesJson.ParseError(r => r["domains"]![1]!["name"] = "system_architecture");

        Assert.Equal("config/enrichment.json: domain 'system_architecture' is declared twice", message);
    }

    [Fact]
    public void Parse_EmptyKeywordList_NamesDomain()
    {
        var message = RulesJson.ParseError(r => r["domains"]![6]!["keywords"] = new JsonArray());

        Assert.Equal("config/enrichment.json: domain 'security' keyword list is empty", message);
    }

    [Fact]
    public void Parse_MultiWordKeyword_IsRejected()
    {
        var message = RulesJson.ParseError(r => r["domains"]![1]!["keywords"]!.AsArray().Add("drag and drop"));

        Assert.Equal("config/enrichment.json: domain 'ui_ux' keyword 'drag and drop' is not a single word (letters and digits only)", message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Parse_KeywordCountOutOfRange_GivesValueAndRange(int count)
    {
        var message = RulesJson.ParseError(r => r["keywordCount"] = count);

        Assert.Equal($"config/enrichment.json: keywordCount {count} is out of range 1..20", message);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_IsRejected()
    {
        var message = RulesJson.ParseError(r => r["keywordcount"] = 5);

        Assert.StartsWith("config/enrichment.json: unknown key 'keywordcount'", message);
    }

    [Fact]
    public void Parse_UnsupportedFormatVersion_IsRejected()
    {
        Assert.Equal("config/enrichment.json: formatVersion 2 is not supported (expected 1)", RulesJson.ParseError(r => r["formatVersion"] = 2));
    }

    [Fact]
    public void Parse_TierRuleWithoutConditions_IsRejected()
    {
        var message = RulesJson.ParseError(r => r["tiers"]!["rules"]!.AsArray().Add(new JsonObject { ["tier"] = "A" }));

        Assert.Equal("config/enrichment.json: tier rule 6 has neither domains nor cues, so it would match every message", message);
    }

    [Fact]
    public void Parse_UnknownTierOrStatus_IsRejected()
    {
        Assert.StartsWith("config/enrichment.json: tier rule 1 tier 'B' is unknown",
            RulesJson.ParseError(r => r["tiers"]!["rules"]![0]!["tier"] = "B"));
        Assert.StartsWith("config/enrichment.json: status rule 2 'Stalled' is unknown",
            RulesJson.ParseError(r => r["status"]!["rules"]![1]!["status"] = "Stalled"));
    }

    [Fact]
    public void Parse_MissingSection_NamesIt()
    {
        Assert.Equal("config/enrichment.json: missing 'logic'", RulesJson.ParseError(r => r.Remove("logic")));
        Assert.Equal("config/enrichment.json: 'domains' must be an array, got object", RulesJson.ParseError(r => r["domains"] = new JsonObject()));
    }
}
