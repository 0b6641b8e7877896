using Ledger.Analytics.Model;

namespace Ledger.Analytics.Scoring;

/// <summary>The collaboration score of docs/ANALYTICS.md: 20 × (S1 + S2 + S3 + S4 + S5), each component in [0, 1].</summary>
public static class CollaborationScorer
{
    /// <summary>Computes the five components from the aggregate counts of a report.</summary>
    /// <param name="messagesPerSpeaker">Message count of each distinct speaker.</param>
    /// <param name="coveredDomains">Distinct chain_type values other than <c>other</c>.</param>
    /// <param name="domainCount">Configured domains (the denominator of S2).</param>
    /// <param name="activeHours">Distinct UTC clock hours holding at least one message.</param>
    /// <param name="hourSpan">Clock hours from the first message's hour to the last's, inclusive.</param>
    /// <param name="enrichedMessages">Messages with chain_type ≠ other and at least one keyword.</param>
    /// <param name="fullyTaggedMessages">Messages carrying a Status, a Hierarchical and a Logical SHL tag.</param>
    /// <param name="messages">All messages in the report.</param>
    public static ScoreComponents Components(
        IEnumerable<long> messagesPerSpeaker,
        int coveredDomains,
        int domainCount,
        long activeHours,
        long hourSpan,
        long enrichedMessages,
        long fullyTaggedMessages,
        long messages)
    {
        ArgumentNullException.ThrowIfNull(messagesPerSpeaker);
        return new ScoreComponents(
            SpeakerDiversity(messagesPerSpeaker),
            domainCount <= 0 ? 0 : Math.Min(1.0, (double)coveredDomains / domainCount),
            hourSpan <= 0 ? 0 : (double)activeHours / hourSpan,
            messages == 0 ? 0 : (double)enrichedMessages / messages,
            messages == 0 ? 0 : (double)fullyTaggedMessages / messages);
    }

    /// <summary>Normalized Shannon entropy H / ln k of the per-speaker shares; 0 when fewer than two speakers.</summary>
    public static double SpeakerDiversity(IEnumerable<long> messagesPerSpeaker)
    {
        ArgumentNullException.ThrowIfNull(messagesPerSpeaker);
        var counts = messagesPerSpeaker.Where(c => c > 0).ToArray();
        if (counts.Length < 2)
        {
            return 0;
        }
        double total = counts.Sum();
        var entropy = 0.0;
        foreach (var count in counts)
        {
            var p = count / total;
            entropy -= p * Math.Log(p);
        }
        return Math.Clamp(entropy / Math.Log(counts.Length), 0, 1);
    }

    /// <summary>Rounds the components to 4 decimals for display and the score to 2 (computed from the unrounded sum).</summary>
    public static CollaborationScore Score(ScoreComponents components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var score = Math.Round(20 * components.Sum, 2, MidpointRounding.AwayFromZero);
        return new CollaborationScore(score, new ScoreComponents(
            Round4(components.SpeakerDiversity),
            Round4(components.DomainCoverage),
            Round4(components.MessageConsistency),
            Round4(components.MetadataEnrichment),
            Round4(components.ShlTagging)));
    }

    private static double Round4(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
