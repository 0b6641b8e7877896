namespace Ledger.Analytics.Model;

/// <summary>How many messages <see cref="From"/> addressed to <see cref="To"/> (explicit receiver or implicit reply).</summary>
public sealed record Interaction(string From, string To, long Count);
