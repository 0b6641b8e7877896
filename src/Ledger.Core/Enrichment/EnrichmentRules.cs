namespace Ledger.Core.Enrichment;

/// <summary>The validated contents of config/enrichment.json: everything the enricher decides by (DESIGN.md §6).</summary>
/// <remarks>Immutable once loaded; rule order in the file is significant (ties, first-match tiers, cue priority).</remarks>
public sealed class EnrichmentRules
{
    /// <summary>The only <c>formatVersion</c> this build reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Upper bound for <see cref="KeywordCount"/>.</summary>
    public const int MaxKeywordCount = 20;

    /// <summary>Upper bound for the number of tier rules (they are tracked as bits of one 64-bit mask).</summary>
    public const int MaxTierRules = 64;

    /// <summary>The chain_type value when no domain keyword occurs.</summary>
    public const string OtherDomain = "other";

    /// <summary>The ten domains of DESIGN.md §6; the file must declare each exactly once.</summary>
    public static readonly IReadOnlyList<string> DomainNames =
    [
        "system_architecture", "ui_ux", "agent_collaboration", "testing_validation", "deployment_ops",
        "data_storage", "security", "performance", "documentation", "debugging",
    ];

    public static readonly IReadOnlyList<string> TierNames = ["A", "C", "E"];
    public static readonly IReadOnlyList<string> StatusNames = ["Ready", "InProgress", "Blocked", "Done", "Error"];
    public static readonly IReadOnlyList<string> LogicNames = ["Question", "Decision", "Commitment", "Failure", "Statement"];

    internal EnrichmentRules(
        IReadOnlyList<DomainRule> domains,
        IReadOnlyList<TierRule> tierRules,
        string defaultTier,
        IReadOnlyList<CueRule> statusRules,
        string defaultStatus,
        IReadOnlyList<CueRule> logicRules,
        string defaultLogic,
        IReadOnlySet<string> stopWords,
        int keywordCount,
        int minKeywordLength)
    {
        Domains = domains;
        TierRules = tierRules;
        DefaultTier = defaultTier;
        StatusRules = statusRules;
        DefaultStatus = defaultStatus;
        LogicRules = logicRules;
        DefaultLogic = defaultLogic;
        StopWords = stopWords;
        KeywordCount = keywordCount;
        MinKeywordLength = minKeywordLength;
    }

    /// <summary>Domains in declared order; the order breaks hit-count ties.</summary>
    public IReadOnlyList<DomainRule> Domains { get; }

    /// <summary>Tier rules in declared order; the first that matches decides.</summary>
    public IReadOnlyList<TierRule> TierRules { get; }

    public string DefaultTier { get; }

    /// <summary>Status cues in priority order; the first whose cue occurs decides.</summary>
    public IReadOnlyList<CueRule> StatusRules { get; }

    public string DefaultStatus { get; }

    /// <summary>Logic cues in priority order; a '?' in the message counts as a Question cue.</summary>
    public IReadOnlyList<CueRule> LogicRules { get; }

    public string DefaultLogic { get; }

    /// <summary>Lower-case words never reported as keywords.</summary>
    public IReadOnlySet<string> StopWords { get; }

    /// <summary>How many keywords to report (1..<see cref="MaxKeywordCount"/>, default 5).</summary>
    public int KeywordCount { get; }

    /// <summary>Shortest keyword in characters for space-separated scripts (Han/Katakana words need 2).</summary>
    public int MinKeywordLength { get; }

    /// <summary>Reads and validates a rules file.</summary>
    /// <exception cref="EnrichmentRulesException">The file is missing, not JSON, or breaks a rule; the message says which.</exception>
    public static EnrichmentRules Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EnrichmentRulesException($"{path}: cannot read the enrichment rules: {ex.Message}", ex);
        }
        return Parse(json, path);
    }

    /// <summary>Validates rules given as JSON text; <paramref name="sourceName"/> prefixes every error message.</summary>
    public static EnrichmentRules Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        return EnrichmentRulesReader.Read(json, sourceName);
    }
}
