namespace Ledger.Analytics.Model;

/// <summary>The time span a report covers (UTC); null bounds mean "no messages and no bound requested".</summary>
public sealed record ReportWindow(DateTime? From, DateTime? To);
