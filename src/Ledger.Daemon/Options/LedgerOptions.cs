namespace Ledger.Daemon.Options;

/// <summary>Top-level settings (<c>Ledger:*</c>).</summary>
internal sealed class LedgerOptions : IOptionsWithKeys
{
    public static string Section => "Ledger";

    /// <summary>Where the journal, dead letter and checkpoints live. Default <c>conversation_logs</c> (relative to the project root).</summary>
    public string DataDirectory { get; set; } = "conversation_logs";

    /// <summary>Where reports are written. Default <c>reports</c>.</summary>
    public string ReportsDirectory { get; set; } = "reports";

    /// <summary>Where the daemon's rolling log files go. Default <c>logs</c>.</summary>
    public string LogDirectory { get; set; } = "logs";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return "Ledger:DataDirectory must not be empty";
        }
        else if (DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"Ledger:DataDirectory is not a valid path: '{DataDirectory}'";
        }
        if (string.IsNullOrWhiteSpace(ReportsDirectory))
        {
            yield return "Ledger:ReportsDirectory must not be empty";
        }
    }
}
