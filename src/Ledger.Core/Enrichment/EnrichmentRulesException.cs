namespace Ledger.Core.Enrichment;

/// <summary>The enrichment rules file is missing, malformed or inconsistent; the message names the file and the problem.</summary>
public sealed class EnrichmentRulesException : LedgerException
{
    public EnrichmentRulesException(string message) : base(message)
    {
    }

    public EnrichmentRulesException(string message, Exception inner) : base(message, inner)
    {
    }
}
