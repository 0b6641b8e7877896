using System.Text.Json.Nodes;
using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Support;

/// <summary>The shipped rules as an editable JSON tree, for tests that change one thing and parse again.</summary>
internal static class RulesJson
{
    public static JsonObject Shipped() => JsonNode.Parse(File.ReadAllText(RepoPaths.EnrichmentConfig))!.AsObject();

    public static EnrichmentRules Parse(JsonObject rules) => EnrichmentRules.Parse(rules.ToJsonString(), "config/enrichment.json");

    public static string ParseError(Action<JsonObject> change)
    {
        var rules = Shipped();
        change(rules);
        return Assert.Throws<EnrichmentRulesException>(() => Parse(rules)).Message;
    }
}
