namespace Ledger.Analytics.Model;

/// <summary>Messages whose timestamp falls in one UTC clock hour (<see cref="Hour"/> is the start of the hour).</summary>
public sealed record TimelineBucket(DateTime Hour, long Messages);
