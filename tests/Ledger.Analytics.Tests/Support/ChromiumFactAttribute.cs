namespace Ledger.Analytics.Tests.Support;

/// <summary>A fact that needs headless Chromium at <see cref="Path"/> (Debian <c>chromium</c>); skipped, with the reason, when absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path))
        {
            Skip = $"{Path} is not installed (apt-get install chromium)";
        }
    }
}
