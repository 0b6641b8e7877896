namespace Ledger.Core.Records;

/// <summary>The <c>Metadata</c> object of a journal record: enrichment keys plus the client's keys.</summary>
/// <remarks>
/// Client keys travel as <see cref="ClientJson"/>, a compact JSON object written by our own Utf8JsonWriter, so the
/// serializer can splice it without re-parsing. A client key that collides with an enrichment key is kept as
/// <c>client_&lt;key&gt;</c> (DESIGN.md §5).
/// </remarks>
public sealed record RecordMetadata
{
    public static readonly RecordMetadata Empty = new();

    public string ChainType { get; init; } = "other";
    public string AceTier { get; init; } = "E";
    public IReadOnlyList<string> ShlTags { get; init; } = [];
    public bool Consolidated { get; init; }
    public int OriginalMessageCount { get; init; } = 1;
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public string ContentHash { get; init; } = "";

    /// <summary>Compact JSON object of the client's metadata keys (already renamed on conflict), or null.</summary>
    public string? ClientJson { get; init; }

    /// <summary>The keys the enricher owns; any other key in <c>Metadata</c> belongs to the client.</summary>
    public static readonly IReadOnlySet<string> EnrichmentKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "chain_type", "ace_tier", "shl_tags", "consolidated", "original_message_count", "keywords", "content_hash",
    };
}
