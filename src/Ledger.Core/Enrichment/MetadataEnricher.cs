using System.Security.Cryptography;
using Ledger.Core.Records;

namespace Ledger.Core.Enrichment;

// INTERIM: content hash only; replaced by the rule-driven enricher of the enricher work (branch enrich).
public sealed class MetadataEnricher
{
    public RecordMetadata Enrich(string message, string? clientJson)
    {
        var hash = Convert.ToHexStringLower(MD5.HashData(System.Text.Encoding.UTF8.GetBytes(message)));
        return new RecordMetadata { ContentHash = hash, ClientJson = clientJson };
    }
}
