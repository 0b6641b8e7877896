namespace Ledger.Analytics.Model;

/// <summary>A name (speaker, role, domain, tier, keyword) and how many messages carry it.</summary>
public sealed record NamedCount(string Name, long Count);
