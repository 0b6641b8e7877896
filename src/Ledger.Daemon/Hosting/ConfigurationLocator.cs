namespace Ledger.Daemon.Hosting;

/// <summary>Finds config/appsettings.json and the project root that relative paths in it are relative to.</summary>
/// <remarks>
/// Order: LEDGER_CONFIG (a file), else the nearest config/appsettings.json above the working directory. Without a
/// file the built-in defaults apply (they equal the shipped file) and relative paths resolve from the working directory.
/// </remarks>
internal static class ConfigurationLocator
{
    public static (string? ConfigFile, string Root) Locate()
    {
        var explicitFile = Environment.GetEnvironmentVariable("LEDGER_CONFIG");
        if (!string.IsNullOrEmpty(explicitFile))
        {
            var full = Path.GetFullPath(explicitFile);
            return (full, Path.GetDirectoryName(Path.GetDirectoryName(full)!)!);
        }
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "config", "appsettings.json");
            if (File.Exists(candidate))
            {
                return (candidate, dir.FullName);
            }
        }
        return (null, Environment.CurrentDirectory);
    }
}
