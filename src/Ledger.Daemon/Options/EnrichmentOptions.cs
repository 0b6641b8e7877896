namespace Ledger.Daemon.Options;

/// <summary>Where the enrichment rules come from (<c>Ledger:Enrichment:*</c>).</summary>
internal sealed class EnrichmentOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Enrichment";

    /// <summary>Rules file (domains, tiers, cues, stop words). Default <c>config/enrichment.json</c>, relative to the project root.</summary>
    public string RulesFile { get; set; } = "config/enrichment.json";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(RulesFile))
        {
            yield return "Ledger:Enrichment:RulesFile must not be empty";
        }
        else if (!File.Exists(RulesFile))
        {
            yield return $"Ledger:Enrichment:RulesFile: file not found: {RulesFile}";
        }
    }
}
