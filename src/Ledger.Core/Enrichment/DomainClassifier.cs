namespace Ledger.Core.Enrichment;

/// <summary>chain_type: the domain with the most keyword hits; ties go to the domain declared first; none → other.</summary>
internal sealed class DomainClassifier
{
    private readonly string[] _names;
    private readonly string[] _tags;
    private readonly string _otherTag = "@Chain-" + EnrichmentRules.OtherDomain;

    public DomainClassifier(EnrichmentRules rules)
    {
        _names = rules.Domains.Select(d => d.Name).ToArray();
        _tags = _names.Select(n => "@Chain-" + n).ToArray();
    }

    public int Count => _names.Length;

    /// <summary>Index of the winning domain, or -1 when no keyword occurred.</summary>
    public static int Pick(ReadOnlySpan<int> hits)
    {
        var best = -1;
        var bestHits = 0;
        for (var i = 0; i < hits.Length; i++)
        {
            // Strictly greater: an equal count later in the file never displaces an earlier domain.
            if (hits[i] > bestHits)
            {
                best = i;
                bestHits = hits[i];
            }
        }
        return best;
    }

    public string Name(int domain) => domain < 0 ? EnrichmentRules.OtherDomain : _names[domain];

    public string Tag(int domain) => domain < 0 ? _otherTag : _tags[domain];
}
