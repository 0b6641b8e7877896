using System.Text.Json;

namespace Ledger.Core.Enrichment;

/// <summary>Parses and validates config/enrichment.json; every error names the file and the offending entry.</summary>
/// <remarks>Runs once at start-up, so a DOM is fine here. Comments are allowed in the file; unknown keys are errors
/// (a misspelt key silently falling back to a default is worse than refusing to start), except keys starting with '$'.</remarks>
internal sealed class EnrichmentRulesReader
{
    private static readonly string[] KnownKeys =
        ["formatVersion", "keywordCount", "minKeywordLength", "domains", "tiers", "status", "logic", "stopWords"];

    private readonly string _source;

    private EnrichmentRulesReader(string source) => _source = source;

    public static EnrichmentRules Read(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new EnrichmentRulesException($"{source}: not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            return new EnrichmentRulesReader(source).Read(document.RootElement);
        }
    }

    private EnrichmentRules Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail("the root must be a JSON object");
        }
        foreach (var property in root.EnumerateObject())
        {
            if (!property.Name.StartsWith('$') && Array.IndexOf(KnownKeys, property.Name) < 0)
            {
                throw Fail($"unknown key '{property.Name}' (expected {string.Join(", ", KnownKeys)})");
            }
        }
        var version = Integer(root, "formatVersion", required: true, 0);
        if (version != EnrichmentRules.FormatVersion)
        {
            throw Fail($"formatVersion {version} is not supported (expected {EnrichmentRules.FormatVersion})");
        }
        var keywordCount = Integer(root, "keywordCount", required: false, 5);
        if (keywordCount is < 1 or > EnrichmentRules.MaxKeywordCount)
        {
            throw Fail($"keywordCount {keywordCount} is out of range 1..{EnrichmentRules.MaxKeywordCount}");
        }
        var minLength = Integer(root, "minKeywordLength", required: false, 3);
        if (minLength is < 1 or > 20)
        {
            throw Fail($"minKeywordLength {minLength} is out of range 1..20");
        }
        var domains = ReadDomains(Member(root, "domains", JsonValueKind.Array));
        var tiers = Member(root, "tiers", JsonValueKind.Object);
        var defaultTier = Name(tiers, "default", EnrichmentRules.TierNames, "tiers.default");
        var tierRules = ReadTierRules(Member(tiers, "rules", JsonValueKind.Array));
        var status = Member(root, "status", JsonValueKind.Object);
        var logic = Member(root, "logic", JsonValueKind.Object);
        var stopWords = Words(Member(root, "stopWords", JsonValueKind.Array), "stopWords", allowEmpty: true)
            .ToHashSet(StringComparer.Ordinal);
        return new EnrichmentRules(
            domains,
            tierRules,
            defaultTier,
            ReadCueRules(Member(status, "rules", JsonValueKind.Array), "status", EnrichmentRules.StatusNames),
            Name(status, "default", EnrichmentRules.StatusNames, "status.default"),
            ReadCueRules(Member(logic, "rules", JsonValueKind.Array), "logic", EnrichmentRules.LogicNames),
            Name(logic, "default", EnrichmentRules.LogicNames, "logic.default"),
            stopWords,
            keywordCount,
            minLength);
    }

    private List<DomainRule> ReadDomains(JsonElement array)
    {
        var domains = new List<DomainRule>();
        var number = 0;
        foreach (var item in array.EnumerateArray())
        {
            number++;
            var label = $"domain {number}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Fail($"{label} must be an object with 'name' and 'keywords'");
            }
            var name = Member(item, "name", JsonValueKind.String, label).GetString()!;
            if (!EnrichmentRules.DomainNames.Contains(name))
            {
                throw Fail($"{label} has unknown name '{name}' (expected one of {string.Join(", ", EnrichmentRules.DomainNames)})");
            }
            if (domains.Any(d => d.Name == name))
            {
                throw Fail($"domain '{name}' is declared twice");
            }
            var keywords = Words(Member(item, "keywords", JsonValueKind.Array, label), $"domain '{name}' keyword", allowEmpty: false);
            domains.Add(new DomainRule(name, keywords));
        }
        foreach (var required in EnrichmentRules.DomainNames)
        {
            if (!domains.Any(d => d.Name == required))
            {
                throw Fail($"missing domain '{required}'");
            }
        }
        return domains;
    }

    private List<TierRule> ReadTierRules(JsonElement array)
    {
        var rules = new List<TierRule>();
        var number = 0;
        foreach (var item in array.EnumerateArray())
        {
            number++;
            var label = $"tier rule {number}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Fail($"{label} must be an object");
            }
            var tier = Name(item, "tier", EnrichmentRules.TierNames, label + " tier");
            var domains = item.TryGetProperty("domains", out var d) ? Strings(d, label + " domains") : [];
            foreach (var domain in domains)
            {
                if (domain != EnrichmentRules.OtherDomain && !EnrichmentRules.DomainNames.Contains(domain))
                {
                    throw Fail($"{label} names unknown domain '{domain}'");
                }
            }
            var cues = item.TryGetProperty("cues", out var c) ? Words(c, label + " cue", allowEmpty: true) : [];
            if (domains.Count == 0 && cues.Count == 0)
            {
                throw Fail($"{label} has neither domains nor cues, so it would match every message");
            }
            rules.Add(new TierRule(tier, domains, cues));
        }
        if (rules.Count > EnrichmentRules.MaxTierRules)
        {
            throw Fail($"{rules.Count} tier rules, at most {EnrichmentRules.MaxTierRules} are supported");
        }
        return rules;
    }

    private List<CueRule> ReadCueRules(JsonElement array, string kind, IReadOnlyList<string> allowed)
    {
        var rules = new List<CueRule>();
        var number = 0;
        foreach (var item in array.EnumerateArray())
        {
            number++;
            var label = $"{kind} rule {number}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Fail($"{label} must be an object");
            }
            var value = Name(item, kind, allowed, label);
            if (rules.Any(r => r.Value == value))
            {
                throw Fail($"{kind} '{value}' has two rules");
            }
            var cues = Words(Member(item, "cues", JsonValueKind.Array, label), $"{label} ('{value}') cue", allowEmpty: false);
            rules.Add(new CueRule(value, cues));
        }
        return rules;
    }

    private List<string> Words(JsonElement array, string label, bool allowEmpty)
    {
        var words = Strings(array, label);
        if (words.Count == 0 && !allowEmpty)
        {
            throw Fail($"{label} list is empty");
        }
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].ToLowerInvariant();
            var tokens = new Tokenizer(word);
            if (!tokens.MoveNext(out var start, out var length, out _) || start != 0 || length != word.Length)
            {
                throw Fail($"{label} '{words[i]}' is not a single word (letters and digits only)");
            }
            words[i] = word;
        }
        return words;
    }

    private List<string> Strings(JsonElement array, string label)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"{label} must be an array of strings");
        }
        var list = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw Fail($"{label} must be an array of strings, found {item.ValueKind.ToString().ToLowerInvariant()}");
            }
            list.Add(item.GetString()!);
        }
        return list;
    }

    private string Name(JsonElement parent, string key, IReadOnlyList<string> allowed, string label)
    {
        var value = Member(parent, key, JsonValueKind.String, label).GetString()!;
        if (!allowed.Contains(value))
        {
            throw Fail($"{label} '{value}' is unknown (expected one of {string.Join(", ", allowed)})");
        }
        return value;
    }

    private int Integer(JsonElement parent, string key, bool required, int fallback)
    {
        if (!parent.TryGetProperty(key, out var value))
        {
            return required ? throw Fail($"missing '{key}'") : fallback;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw Fail($"'{key}' must be an integer, got {value.GetRawText()}");
        }
        return number;
    }

    private JsonElement Member(JsonElement parent, string key, JsonValueKind kind, string? owner = null)
    {
        var where = owner is null ? $"'{key}'" : $"{owner}: '{key}'";
        if (!parent.TryGetProperty(key, out var value))
        {
            throw Fail($"missing {where}");
        }
        if (value.ValueKind != kind)
        {
            var expected = kind switch
            {
                JsonValueKind.Array => "an array",
                JsonValueKind.Object => "an object",
                JsonValueKind.String => "a string",
                _ => "a " + kind.ToString().ToLowerInvariant(),
            };
            throw Fail($"{where} must be {expected}, got {value.ValueKind.ToString().ToLowerInvariant()}");
        }
        return value;
    }

    private EnrichmentRulesException Fail(string problem) => new($"{_source}: {problem}");
}
