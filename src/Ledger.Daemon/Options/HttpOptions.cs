namespace Ledger.Daemon.Options;

/// <summary>The HTTP health/admin endpoint (<c>Ledger:Http:*</c>).</summary>
internal sealed class HttpOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Http";

    /// <summary>Listen URL. Default <c>http://127.0.0.1:5580</c> (localhost only).</summary>
    public string Url { get; set; } = "http://127.0.0.1:5580";

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"Ledger:Http:Url must be an absolute http(s) URL, got '{Url}'";
        }
    }
}
