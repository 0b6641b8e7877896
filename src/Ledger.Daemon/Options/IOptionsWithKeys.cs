namespace Ledger.Daemon.Options;

/// <summary>An options class that validates itself and names the configuration key of each problem.</summary>
internal interface IOptionsWithKeys
{
    /// <summary>The configuration section, e.g. <c>Ledger:Ingest</c>.</summary>
    static abstract string Section { get; }

    /// <summary>Problems, each starting with the full key, e.g. "Ledger:Ingest:MaxMessageBytes must be ≥ 1024, got 5".</summary>
    IEnumerable<string> Validate();
}
