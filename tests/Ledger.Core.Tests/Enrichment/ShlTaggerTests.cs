using Ledger.Core.Enrichment;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Enrichment;

/// <summary>shl_tags: the lists shared per combination must be the lists the rules say, for every combination.</summary>
public sealed class ShlTaggerTests
{
    [Fact]
    public void Tags_EveryCombinationOfCuesDomainAndTier_FirstCueWinsInDeclaredOrder()
    {
        var rules = RepoPaths.Rules;
        var tagger = new ShlTagger(rules);
        var chains = Enumerable.Range(-1, rules.Domains.Count + 1).ToArray();
        foreach (var status in Masks(rules.StatusRules.Count))
        {
            foreach (var logic in Masks(rules.LogicRules.Count))
            {
                foreach (var question in new[] { false, true })
                {
                    foreach (var domain in chains)
                    {
                        foreach (var tier in EnrichmentRules.TierNames)
                        {
                            var chainTag = "@Chain-" + (domain < 0 ? EnrichmentRules.OtherDomain : rules.Domains[domain].Name);
                            string[] expected = [StatusTag(rules, status), chainTag, "@Tier-" + tier, LogicTag(rules, logic, question)];

                            Assert.Equal(expected, tagger.Tags(status, logic, question, domain, chainTag, tier));
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Tags_SameCombinationTwice_OneSharedList()
    {
        var tagger = new ShlTagger(RepoPaths.Rules);

        var first = tagger.Tags(0b10, 0b1, hasQuestionMark: false, 2, "@Chain-x", "C");
        var second = tagger.Tags(0b10, 0b1, hasQuestionMark: false, 2, "@Chain-x", "C");

        Assert.Same(first, second);
    }

    [Fact]
    public void Tags_QuestionMarkWithoutQuestionRule_LogicQuestion()
    {
        var json = RulesJson.Shipped();
        var logic = json["logic"]!["rules"]!.AsArray();
        var question = logic.First(r => (string)r!["logic"]! == "Question")!;
        logic.Remove(question);
        var tagger = new ShlTagger(RulesJson.Parse(json));

        Assert.Equal("@Logic-Question", tagger.Tags(0, 0, hasQuestionMark: true, -1, "@Chain-other", "E")[3]);
        Assert.NotEqual("@Logic-Question", tagger.Tags(0, 0, hasQuestionMark: false, -1, "@Chain-other", "E")[3]);
    }

    /// <summary>No cue, each cue alone, and each pair: enough to show which one wins.</summary>
    private static IEnumerable<uint> Masks(int rules)
    {
        yield return 0;
        for (var a = 0; a < rules; a++)
        {
            yield return 1u << a;
            for (var b = a + 1; b < rules; b++)
            {
                yield return (1u << a) | (1u << b);
            }
        }
    }

    private static string StatusTag(EnrichmentRules rules, uint mask)
    {
        for (var s = 0; s < rules.StatusRules.Count; s++)
        {
            if ((mask & (1u << s)) != 0)
            {
                return "@Status-" + rules.StatusRules[s].Value;
            }
        }
        return "@Status-" + rules.DefaultStatus;
    }

    private static string LogicTag(EnrichmentRules rules, uint mask, bool question)
    {
        for (var l = 0; l < rules.LogicRules.Count; l++)
        {
            var cued = (mask & (1u << l)) != 0 || (question && rules.LogicRules[l].Value == "Question");
            if (cued)
            {
                return "@Logic-" + rules.LogicRules[l].Value;
            }
        }
        return question ? "@Logic-Question" : "@Logic-" + rules.DefaultLogic;
    }
}
