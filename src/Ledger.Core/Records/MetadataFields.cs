namespace Ledger.Core.Records;

/// <summary>
/// The enrichment keys of one record as the journal writer needs them, without the objects: the ingest path's view of
/// a <see cref="RecordMetadata"/>, valid only while the line is written.
/// </summary>
/// <remarks>
/// The ingest path enriches a message and writes its line at once, so it never needs a <see cref="RecordMetadata"/>
/// nor a keywords array of its own: <see cref="Keywords"/> lies in the enriching thread's scratch and is overwritten by
/// its next message. Those two objects were ~150 of the ~370 bytes ingest allocated per message, i.e. 40 % of the young
/// collections.
/// </remarks>
internal readonly ref struct MetadataFields
{
    public required string ChainType { get; init; }
    public required string AceTier { get; init; }
    public required IReadOnlyList<string> ShlTags { get; init; }
    public bool Consolidated { get; init; }
    public int OriginalMessageCount { get; init; }
    public ReadOnlySpan<string> Keywords { get; init; }

    /// <summary>The content hash as its digest (the ingest path), or null when <see cref="ContentHash"/> holds it as text.</summary>
    public UInt128? ContentMd5 { get; init; }

    /// <summary>The content hash as text, used when <see cref="ContentMd5"/> is null.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Compact JSON object of the client's keys, or null; see <see cref="RecordMetadata.ClientJson"/>.</summary>
    public string? ClientJson { get; init; }

    /// <summary>
    /// The message is not all ASCII and the journal's encoder writes every character of it as it is: found by the
    /// enricher while it decoded the message (<see cref="Enrichment.LowerCase.FromUtf8(ReadOnlySpan{byte}, Span{char}, out bool, out bool)"/>),
    /// so the line writer copies it without decoding it again. False when not known.
    /// </summary>
    public bool MessageVerbatim { get; init; }

    /// <summary>The fields of <paramref name="metadata"/>.</summary>
    public static MetadataFields Of(RecordMetadata metadata) => new()
    {
        ChainType = metadata.ChainType,
        AceTier = metadata.AceTier,
        ShlTags = metadata.ShlTags,
        Consolidated = metadata.Consolidated,
        OriginalMessageCount = metadata.OriginalMessageCount,
        Keywords = metadata.Keywords is string[] array ? array : [.. metadata.Keywords],
        ContentMd5 = metadata.ContentMd5,
        ContentHash = metadata.ContentMd5 is null ? metadata.ContentHash : null,
        ClientJson = metadata.ClientJson,
    };

    /// <summary>A <see cref="RecordMetadata"/> holding these fields (the keywords copied out of the scratch).</summary>
    public RecordMetadata ToRecordMetadata()
    {
        var metadata = new RecordMetadata
        {
            ChainType = ChainType,
            AceTier = AceTier,
            ShlTags = ShlTags,
            Consolidated = Consolidated,
            OriginalMessageCount = OriginalMessageCount,
            Keywords = Keywords.ToArray(),
            ContentMd5 = ContentMd5,
            ClientJson = ClientJson,
        };
        // The text path has the hash as text already; the copy costs nothing there that matters.
        return ContentMd5 is null ? metadata with { ContentHash = ContentHash ?? "" } : metadata;
    }
}
