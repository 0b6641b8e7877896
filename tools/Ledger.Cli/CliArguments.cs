using System.Globalization;

namespace Ledger.Cli;

/// <summary>
/// Parsed arguments of one subcommand: <c>--name value</c>, <c>--name=value</c>, flags and positionals.
/// </summary>
/// <remarks>
/// The command declares which options take a value and which are flags; anything else is a usage error, so a typo
/// never silently changes what a command does.
/// </remarks>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CliArguments(List<string> positionals) => Positionals = positionals;

    /// <summary>Arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>True when <c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested => _flags.Contains("--help");

    /// <summary>Parses <paramref name="args"/>; <paramref name="valueOptions"/> take a value, <paramref name="flagOptions"/> do not.</summary>
    /// <remarks>Aliases are written "-n|--count": the last spelling is the canonical name used for lookups.</remarks>
    public static CliArguments Parse(IReadOnlyList<string> args, IEnumerable<string> valueOptions, IEnumerable<string> flagOptions)
    {
        var canonical = new Dictionary<string, (string Name, bool TakesValue)>(StringComparer.Ordinal);
        void Declare(string spec, bool takesValue)
        {
            var names = spec.Split('|');
            foreach (var name in names)
            {
                canonical[name] = (names[^1], takesValue);
            }
        }
        foreach (var spec in valueOptions)
        {
            Declare(spec, true);
        }
        foreach (var spec in flagOptions)
        {
            Declare(spec, false);
        }
        Declare("-h|--help", false);

        var result = new CliArguments([]);
        var positionals = (List<string>)result.Positionals;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Length < 2 || arg[0] != '-' || IsNegativeNumber(arg))
            {
                positionals.Add(arg);
                continue;
            }
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            if (!canonical.TryGetValue(arg, out var option))
            {
                throw new UsageException($"unknown option '{arg}'");
            }
            if (!option.TakesValue)
            {
                if (inline is not null)
                {
                    throw new UsageException($"option '{arg}' takes no value");
                }
                result._flags.Add(option.Name);
                continue;
            }
            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"option '{arg}' needs a value"));
            if (!result._values.TryGetValue(option.Name, out var list))
            {
                result._values[option.Name] = list = [];
            }
            list.Add(value);
        }
        return result;
    }

    private static bool IsNegativeNumber(string arg) => arg.Length > 1 && arg[0] == '-' && char.IsDigit(arg[1]);

    /// <summary>True when the flag was given.</summary>
    public bool Has(string name) => _flags.Contains(name) || _values.ContainsKey(name);

    /// <summary>The last value given for an option, or null.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>Every value given for a repeatable option.</summary>
    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>The value of a required option, or a usage error naming it.</summary>
    public string Require(string name) => Get(name) ?? throw new UsageException($"missing required option '{name}'");

    /// <summary>An integer option within [min, max], or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"option '{name}' must be an integer in [{min}, {max}], got '{text}'");
        }
        return value;
    }

    /// <summary>A timestamp option (ISO-8601; no offset means UTC), or null when absent.</summary>
    public DateTime? GetTimestamp(string name)
    {
        var text = Get(name);
        if (text is null)
        {
            return null;
        }
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new UsageException($"option '{name}' is not an ISO-8601 timestamp: '{text}'");
        }
        return value;
    }
}
