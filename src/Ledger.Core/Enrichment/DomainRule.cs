namespace Ledger.Core.Enrichment;

/// <summary>One chain_type domain and the words that vote for it (DESIGN.md §6).</summary>
/// <param name="Name">One of <see cref="EnrichmentRules.DomainNames"/>.</param>
/// <param name="Keywords">Single words, lower-case as written in the file; matched after folding.</param>
public sealed record DomainRule(string Name, IReadOnlyList<string> Keywords);
