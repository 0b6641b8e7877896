using System.Text.Json;

namespace Ledger.Analytics.Scoring;

/// <summary>Finds how many enrichment domains are configured: the size of <c>domains</c> in <c>config/enrichment.json</c>.</summary>
/// <remarks>
/// Deliberately simple (the brief for S2): the first <c>config/enrichment.json</c> found walking up from the given
/// directories wins; <c>domains</c> may be an array or an object (its members are counted). Anything else — no file,
/// no <c>domains</c>, unreadable JSON — falls back to the 10 domains of DESIGN.md §6.
/// </remarks>
public static class DomainCountResolver
{
    public const int DefaultDomainCount = 10;

    /// <summary>The configured domain count, searching <paramref name="startDirectories"/> and their ancestors.</summary>
    public static int Resolve(params string[] startDirectories)
    {
        var file = Find(startDirectories);
        return file is null ? DefaultDomainCount : ReadCount(file) ?? DefaultDomainCount;
    }

    /// <summary>The first <c>config/enrichment.json</c> at or above any start directory, or null.</summary>
    public static string? Find(IEnumerable<string> startDirectories)
    {
        ArgumentNullException.ThrowIfNull(startDirectories);
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "config", "enrichment.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>The number of entries under <c>domains</c>, or null when the file has none.</summary>
    public static int? ReadCount(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!string.Equals(property.Name, "domains", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var count = property.Value.ValueKind switch
                {
                    JsonValueKind.Array => property.Value.GetArrayLength(),
                    JsonValueKind.Object => property.Value.EnumerateObject().Count(),
                    _ => 0,
                };
                return count > 0 ? count : null;
            }
            return null;
        }
        catch (JsonException)
        {
            return null; // a broken rules file is the enricher's error to report; the score falls back to 10
        }
    }
}
