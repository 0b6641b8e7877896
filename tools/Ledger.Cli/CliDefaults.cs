using System.Text.Json;

namespace Ledger.Cli;

/// <summary>Defaults the CLI shares with the daemon, read from <c>config/appsettings.json</c> when it can be found.</summary>
internal static class CliDefaults
{
    /// <summary>The data directory: <c>--data-dir</c>, else <c>Ledger__DataDirectory</c>, else the config's <c>Ledger:DataDirectory</c>.</summary>
    public static string DataDirectory(CliArguments args) =>
        args.Get("--data-dir")
        ?? Environment.GetEnvironmentVariable("Ledger__DataDirectory")
        ?? ResolveConfigPath(ReadConfigString("DataDirectory") ?? "conversation_logs");

    /// <summary>The reports directory: the config's <c>Ledger:ReportsDirectory</c>, default <c>reports</c>.</summary>
    public static string ReportsDirectory() =>
        Environment.GetEnvironmentVariable("Ledger__ReportsDirectory")
        ?? ResolveConfigPath(ReadConfigString("ReportsDirectory") ?? "reports");

    /// <summary>The daemon's PULL endpoint from config, default tcp://127.0.0.1:5557.</summary>
    public static string PullEndpoint() =>
        Environment.GetEnvironmentVariable("Ledger__Ingest__PullEndpoint")
        ?? ReadConfigString("Ingest", "PullEndpoint") ?? "tcp://127.0.0.1:5557";

    /// <summary>The daemon's HTTP base URL from config, default http://127.0.0.1:5580.</summary>
    public static string HttpUrl() =>
        Environment.GetEnvironmentVariable("Ledger__Http__Url")
        ?? ReadConfigString("Http", "Url") ?? "http://127.0.0.1:5580";

    /// <summary>
    /// <c>--rules</c>, or config/enrichment.json under the repository <paramref name="root"/>; a usage error naming
    /// <paramref name="command"/> when neither is there.
    /// </summary>
    public static string EnrichmentRules(CliArguments args, string? root, string command)
    {
        var rules = args.Get("--rules") ?? (root is null ? null : Path.Combine(root, "config", "enrichment.json"));
        if (rules is null || !File.Exists(rules))
        {
            throw new UsageException(rules is null
                ? $"run ledger {command} inside the Ledger repository or pass --rules (config/enrichment.json not found)"
                : $"rules file not found: {rules}");
        }
        return rules;
    }

    /// <summary><c>--data-dir</c> when given (a usage error when it does not exist), else null.</summary>
    public static string? GivenDataDirectory(CliArguments args)
    {
        var dataDirectory = args.Get("--data-dir");
        if (dataDirectory is not null && !Directory.Exists(dataDirectory))
        {
            throw new UsageException($"data directory not found: {dataDirectory}");
        }
        return dataDirectory;
    }

    /// <summary>The project root: the nearest ancestor of the working directory holding config/appsettings.json.</summary>
    public static string? ProjectRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "config", "appsettings.json")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    private static string ResolveConfigPath(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(ProjectRoot() ?? Environment.CurrentDirectory, path));

    private static string? ReadConfigString(params string[] path)
    {
        var root = ProjectRoot();
        if (root is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "config", "appsettings.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!doc.RootElement.TryGetProperty("Ledger", out var node))
        {
            return null;
        }
        foreach (var key in path)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(key, out node))
            {
                return null;
            }
        }
        return node.ValueKind == JsonValueKind.String ? node.GetString() : null;
    }
}
