using Ledger.Analytics.Model;
using Ledger.Analytics.Scoring;

namespace Ledger.Analytics.Tests.Scoring;

public sealed class CollaborationScorerTests
{
    [Fact]
    public void SpeakerDiversity_OneSpeaker_Zero() => Assert.Equal(0, CollaborationScorer.SpeakerDiversity([42]));

    [Fact]
    public void SpeakerDiversity_EqualShares_One() => Assert.Equal(1, CollaborationScorer.SpeakerDiversity([7, 7, 7, 7]), 12);

    [Fact]
    public void SpeakerDiversity_TwoSpeakersThreeToOne_HandComputed()
    {
        // H = -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.562335; / ln 2 = 0.811278
        Assert.Equal(0.811278, CollaborationScorer.SpeakerDiversity([3, 1]), 6);
    }

    [Fact]
    public void Components_MoreDomainsThanConfigured_CappedAtOne()
    {
        var components = CollaborationScorer.Components([1], coveredDomains: 12, domainCount: 10, 1, 1, 0, 0, 1);
        Assert.Equal(1, components.DomainCoverage);
    }

    [Fact]
    public void Components_NoMessages_AllZero()
    {
        var components = CollaborationScorer.Components([], 0, 10, 0, 0, 0, 0, 0);
        Assert.Equal(new ScoreComponents(0, 0, 0, 0, 0), components);
    }

    [Fact]
    public void Score_AllComponentsOne_Hundred()
    {
        Assert.Equal(100, CollaborationScorer.Score(new ScoreComponents(1, 1, 1, 1, 1)).Score);
    }

    [Fact]
    public void Score_RoundsTwoDecimalsFromUnroundedSum()
    {
        var score = CollaborationScorer.Score(new ScoreComponents(0.123456, 0.5, 0.33333, 0, 0.1));
        Assert.Equal(21.14, score.Score); // 20 × 1.056789 = 21.13578
        Assert.Equal(0.1235, score.Components.SpeakerDiversity);
    }
}
