namespace Ledger.Core.Enrichment;

/// <summary>One ace_tier rule: it matches when the chain is in <see cref="Domains"/> (if any) and a cue occurs (if any).</summary>
/// <param name="Tier"><c>A</c>, <c>C</c> or <c>E</c>.</param>
/// <param name="Domains">Chain types this rule applies to (may include <c>other</c>); empty means any.</param>
/// <param name="Cues">Words of which at least one must occur (matched after folding); empty means none needed.</param>
public sealed record TierRule(string Tier, IReadOnlyList<string> Domains, IReadOnlyList<string> Cues);
