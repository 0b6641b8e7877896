namespace Ledger.Analytics.Model;

/// <summary>The five collaboration components S1–S5, each in [0, 1] (docs/ANALYTICS.md).</summary>
public sealed record ScoreComponents(
    double SpeakerDiversity,
    double DomainCoverage,
    double MessageConsistency,
    double MetadataEnrichment,
    double ShlTagging)
{
    public double Sum => SpeakerDiversity + DomainCoverage + MessageConsistency + MetadataEnrichment + ShlTagging;
}
