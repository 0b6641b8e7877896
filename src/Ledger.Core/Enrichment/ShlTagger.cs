namespace Ledger.Core.Enrichment;

/// <summary>Builds shl_tags: one Status, the Chain and Tier tags, one Logic tag, in that order (DESIGN.md §6).</summary>
internal sealed class ShlTagger
{
    private readonly string[] _statusTags;
    private readonly string _defaultStatusTag;
    private readonly string[] _logicTags;
    private readonly string _defaultLogicTag;
    private readonly int _questionRule;
    private readonly Dictionary<string, string> _tierTags;

    public ShlTagger(EnrichmentRules rules)
    {
        _statusTags = rules.StatusRules.Select(r => "@Status-" + r.Value).ToArray();
        _defaultStatusTag = "@Status-" + rules.DefaultStatus;
        _logicTags = rules.LogicRules.Select(r => "@Logic-" + r.Value).ToArray();
        _defaultLogicTag = "@Logic-" + rules.DefaultLogic;
        // '?' is a Question cue at the Question rule's priority; without such a rule it is checked after all rules.
        var question = rules.LogicRules.Select(r => r.Value).ToList().IndexOf("Question");
        _questionRule = question >= 0 ? question : rules.LogicRules.Count;
        _tierTags = EnrichmentRules.TierNames.ToDictionary(t => t, t => "@Tier-" + t, StringComparer.Ordinal);
    }

    public string[] Tags(uint statusMask, uint logicMask, bool hasQuestionMark, string chainTag, string tier) =>
        [StatusTag(statusMask), chainTag, _tierTags[tier], LogicTag(logicMask, hasQuestionMark)];

    private string StatusTag(uint mask)
    {
        for (var s = 0; s < _statusTags.Length; s++)
        {
            if ((mask & (1u << s)) != 0)
            {
                return _statusTags[s];
            }
        }
        return _defaultStatusTag;
    }

    private string LogicTag(uint mask, bool hasQuestionMark)
    {
        if (hasQuestionMark)
        {
            mask |= 1u << _questionRule;
        }
        for (var l = 0; l < _logicTags.Length; l++)
        {
            if ((mask & (1u << l)) != 0)
            {
                return _logicTags[l];
            }
        }
        return hasQuestionMark ? "@Logic-Question" : _defaultLogicTag;
    }
}
