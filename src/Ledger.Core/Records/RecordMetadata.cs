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

    /// <summary>Lower-case hex MD5 of the message's UTF-8 bytes.</summary>
    /// <remarks>
    /// Made from <see cref="ContentMd5"/> on first read when the enricher gave only the digest. Setting it (also in a
    /// <c>with</c>) drops a digest given before, so the two never disagree.
    /// </remarks>
    public string ContentHash
    {
        get => _contentHash ??= ContentMd5 is { } md5 ? Convert.ToHexStringLower(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<UInt128>(in md5))) : "";
        init => (_contentHash, _hasContentMd5, _contentMd5High, _contentMd5Low) = (value, false, 0UL, 0UL);
    }

    /// <summary>
    /// The digest <see cref="ContentHash"/> is the hex of, when the ingest path's enricher set it instead of the text;
    /// null otherwise. The journal writer writes its hex straight into the line, so ingest never makes the string (a
    /// 32-character string per message was 86 of the ~800 bytes ingest allocated per message). Setting it drops a
    /// hash text given before.
    /// </summary>
    internal UInt128? ContentMd5
    {
        get => _hasContentMd5 ? new UInt128(_contentMd5High, _contentMd5Low) : null;
        init
        {
            (_hasContentMd5, _contentMd5High, _contentMd5Low) = value is { } md5 ? (true, (ulong)(md5 >> 64), (ulong)md5) : (false, 0UL, 0UL);
            _contentHash = null;
        }
    }

    private string? _contentHash;

    // Two words and a flag rather than a UInt128?: that is 16-byte aligned and would add 32 bytes to every record.
    private ulong _contentMd5Low;
    private ulong _contentMd5High;
    private bool _hasContentMd5;

    /// <summary>Compact JSON object of the client's metadata keys (already renamed on conflict), or null.</summary>
    public string? ClientJson { get; init; }

    /// <summary>Equal when every property is (the lists by reference, as a record compares them), however the hash was given.</summary>
    public bool Equals(RecordMetadata? other) =>
        other is not null
        && ChainType == other.ChainType
        && AceTier == other.AceTier
        && ReferenceEquals(ShlTags, other.ShlTags)
        && Consolidated == other.Consolidated
        && OriginalMessageCount == other.OriginalMessageCount
        && ReferenceEquals(Keywords, other.Keywords)
        && ContentHash == other.ContentHash
        && ClientJson == other.ClientJson;

    public override int GetHashCode() =>
        HashCode.Combine(ChainType, AceTier, ShlTags, Consolidated, OriginalMessageCount, Keywords, ContentHash, ClientJson);

    /// <summary>The keys the enricher owns; any other key in <c>Metadata</c> belongs to the client.</summary>
    public static readonly IReadOnlySet<string> EnrichmentKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "chain_type", "ace_tier", "shl_tags", "consolidated", "original_message_count", "keywords", "content_hash",
    };
}
