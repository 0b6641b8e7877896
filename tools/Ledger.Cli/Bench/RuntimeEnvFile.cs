namespace Ledger.Cli.Bench;

/// <summary>
/// config/runtime.env: the daemon's .NET runtime settings (KEY=VALUE lines, # comments), which manage.sh applies when it
/// starts the daemon; the benchmark applies them too, so it measures the daemon as it is run.
/// </summary>
internal static class RuntimeEnvFile
{
    /// <summary>What <see cref="AsApplied"/> shows for a setting this process's environment lacks.</summary>
    public const string NotSet = "(not set)";

    /// <summary>The settings in <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">A line that is neither blank, a comment nor KEY=VALUE.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text, string source)
    {
        var settings = new List<KeyValuePair<string, string>>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var equals = line.IndexOf('=');
            var key = equals > 0 ? line[..equals] : "";
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(key[0]))
            {
                throw new FormatException($"{source}:{i + 1}: expected KEY=VALUE (a shell variable name), got \"{line}\"");
            }
            settings.Add(new(key, line[(equals + 1)..]));
        }
        return settings;
    }

    /// <summary>The settings of <c>config/runtime.env</c> under <paramref name="root"/> not already set in this process's environment (none when there is no file).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForDaemon(string root)
    {
        var path = Path.Combine(root, "config", "runtime.env");
        if (!File.Exists(path))
        {
            return [];
        }
        return Parse(File.ReadAllText(path), path).Where(s => Environment.GetEnvironmentVariable(s.Key) is null).ToArray();
    }

    /// <summary>Every setting of <c>config/runtime.env</c> under <paramref name="root"/> as this process runs with it: the environment's value, or <see cref="NotSet"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> AsApplied(string root)
    {
        var path = Path.Combine(root, "config", "runtime.env");
        if (!File.Exists(path))
        {
            return [];
        }
        return Parse(File.ReadAllText(path), path)
            .Select(s => new KeyValuePair<string, string>(s.Key, Environment.GetEnvironmentVariable(s.Key) ?? NotSet)).ToArray();
    }
}
