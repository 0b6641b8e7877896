using Ledger.Core.Enrichment;

namespace Ledger.Core.Tests.Support;

/// <summary>Finds files of the repository the tests were built from, so tests exercise the real config.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);
    private static readonly Lazy<EnrichmentRules> RulesLazy = new(() => EnrichmentRules.Load(EnrichmentConfig));

    public static string Root => RootLazy.Value;

    public static string EnrichmentConfig => Path.Combine(Root, "config", "enrichment.json");

    /// <summary>The shipped config/enrichment.json, loaded once.</summary>
    public static EnrichmentRules Rules => RulesLazy.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Ledger.sln not found above " + AppContext.BaseDirectory);
    }
}
