namespace Ledger.Core.Enrichment;

/// <summary>ace_tier: the first tier rule whose domain and cue conditions both hold; else the default tier.</summary>
internal sealed class TierClassifier
{
    // Bit 31 of a rule's domain mask stands for "other" (no domain matched); there are only ten real domains.
    private const int OtherBit = 31;

    private readonly string[] _tiers;
    private readonly uint[] _domainMasks;
    private readonly bool[] _needsCue;
    private readonly string _defaultTier;

    public TierClassifier(EnrichmentRules rules)
    {
        var domainIndex = rules.Domains.Select((d, i) => (d.Name, i)).ToDictionary(p => p.Name, p => p.i);
        var count = rules.TierRules.Count;
        _tiers = new string[count];
        _domainMasks = new uint[count];
        _needsCue = new bool[count];
        for (var r = 0; r < count; r++)
        {
            var rule = rules.TierRules[r];
            _tiers[r] = rule.Tier;
            _needsCue[r] = rule.Cues.Count > 0;
            foreach (var domain in rule.Domains)
            {
                _domainMasks[r] |= 1u << (domain == EnrichmentRules.OtherDomain ? OtherBit : domainIndex[domain]);
            }
        }
        _defaultTier = rules.DefaultTier;
    }

    /// <param name="domain">Winning domain index, -1 for other.</param>
    /// <param name="cueMask">Bit r set when a cue of tier rule r occurred in the message.</param>
    public string Classify(int domain, ulong cueMask)
    {
        var domainBit = 1u << (domain < 0 ? OtherBit : domain);
        for (var r = 0; r < _tiers.Length; r++)
        {
            var domainOk = _domainMasks[r] == 0 || (_domainMasks[r] & domainBit) != 0;
            var cueOk = !_needsCue[r] || (cueMask & (1UL << r)) != 0;
            if (domainOk && cueOk)
            {
                return _tiers[r];
            }
        }
        return _defaultTier;
    }
}
