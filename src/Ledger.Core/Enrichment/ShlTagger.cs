using Ledger.Core.Records;

namespace Ledger.Core.Enrichment;

/// <summary>Builds shl_tags: one Status, the Chain and Tier tags, one Logic tag, in that order (DESIGN.md §6).</summary>
/// <remarks>
/// The tags are a function of four small indices, so each combination's list is made once and shared by every
/// record that has it (the lists are read-only): a new four-string array per message was 56 of the ~800 bytes the
/// ingest path allocated per message, and the tier's tag a string-keyed dictionary lookup.
/// </remarks>
internal sealed class ShlTagger
{
    /// <summary>Most combinations kept; rules with more (dozens of status, logic and domain rules at once) build each list anew.</summary>
    private const int MaxCachedCombinations = 1 << 16;

    private readonly string[] _statusTags;
    private readonly string _defaultStatusTag;
    private readonly string[] _logicTags;
    private readonly string _defaultLogicTag;
    private readonly int _questionRule;
    private readonly string[] _tierTags;
    private readonly int _chains;

    // Indexed by combination; filled on first use. A race only makes two equal lists, and either is right.
    private readonly FrozenStringList?[]? _combinations;

    public ShlTagger(EnrichmentRules rules)
    {
        _statusTags = rules.StatusRules.Select(r => "@Status-" + r.Value).ToArray();
        _defaultStatusTag = "@Status-" + rules.DefaultStatus;
        _logicTags = rules.LogicRules.Select(r => "@Logic-" + r.Value).ToArray();
        _defaultLogicTag = "@Logic-" + rules.DefaultLogic;
        // '?' is a Question cue at the Question rule's priority; without such a rule it is checked after all rules.
        var question = rules.LogicRules.Select(r => r.Value).ToList().IndexOf("Question");
        _questionRule = question >= 0 ? question : rules.LogicRules.Count;
        _tierTags = EnrichmentRules.TierNames.Select(t => "@Tier-" + t).ToArray();
        _chains = rules.Domains.Count + 1;
        // Status: a rule or the default; logic: a rule, the default or the '?' fallback.
        var combinations = (long)(_statusTags.Length + 1) * _chains * _tierTags.Length * (_logicTags.Length + 2);
        _combinations = combinations <= MaxCachedCombinations ? new FrozenStringList?[combinations] : null;
    }

    /// <summary>The tags for a record; <paramref name="domain"/> is the chain's domain index (-1 for other), <paramref name="chainTag"/> its tag.</summary>
    /// <remarks>
    /// The list may be shared with other records, so it is a <see cref="FrozenStringList"/>: nobody can change it (the
    /// journal writer relies on that).
    /// </remarks>
    public IReadOnlyList<string> Tags(uint statusMask, uint logicMask, bool hasQuestionMark, int domain, string chainTag, string tier)
    {
        var status = StatusIndex(statusMask);
        var logic = LogicIndex(logicMask, hasQuestionMark);
        var tierIndex = TierIndex(tier);
        if (_combinations is null)
        {
            return Build(status, chainTag, _tierTags[tierIndex], logic);
        }
        var combination = ((status * _chains + domain + 1) * _tierTags.Length + tierIndex) * (_logicTags.Length + 2) + logic;
        return _combinations[combination] ??= Build(status, chainTag, _tierTags[tierIndex], logic);
    }

    private FrozenStringList Build(int status, string chainTag, string tierTag, int logic) =>
        new([status < _statusTags.Length ? _statusTags[status] : _defaultStatusTag, chainTag, tierTag, LogicTag(logic)]);

    /// <summary>The tier's position in <see cref="EnrichmentRules.TierNames"/> (the tier classifier only returns those).</summary>
    private static int TierIndex(string tier)
    {
        var names = EnrichmentRules.TierNames;
        for (var t = 0; t < names.Count; t++)
        {
            if (string.Equals(names[t], tier, StringComparison.Ordinal))
            {
                return t;
            }
        }
        throw new ArgumentException($"not a tier: {tier}", nameof(tier));
    }

    /// <summary>The first status rule whose cue occurred, or the rule count for the default.</summary>
    private int StatusIndex(uint mask)
    {
        for (var s = 0; s < _statusTags.Length; s++)
        {
            if ((mask & (1u << s)) != 0)
            {
                return s;
            }
        }
        return _statusTags.Length;
    }

    /// <summary>The first logic rule whose cue occurred; the rule count for the default; one more for '?' with no Question rule.</summary>
    private int LogicIndex(uint mask, bool hasQuestionMark)
    {
        if (hasQuestionMark)
        {
            mask |= 1u << _questionRule;
        }
        for (var l = 0; l < _logicTags.Length; l++)
        {
            if ((mask & (1u << l)) != 0)
            {
                return l;
            }
        }
        return hasQuestionMark ? _logicTags.Length + 1 : _logicTags.Length;
    }

    private string LogicTag(int logic) =>
        logic < _logicTags.Length ? _logicTags[logic] : logic == _logicTags.Length ? _defaultLogicTag : "@Logic-Question";
}
