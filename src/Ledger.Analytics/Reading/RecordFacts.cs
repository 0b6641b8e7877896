namespace Ledger.Analytics.Reading;

/// <summary>The fields of one journal record that the report needs, decoded without building a full record.</summary>
/// <remarks>
/// One instance is reused for every line (the accumulator keeps only the pooled strings it points to), which is what
/// keeps a million-message report allocation-light. Strings come from a <see cref="StringPool"/>.
/// </remarks>
internal sealed class RecordFacts
{
    public DateTime Timestamp { get; set; }
    public string SpeakerName { get; set; } = "";
    public string? SpeakerRole { get; set; }
    public string? Receiver { get; set; }
    public string? ContextId { get; set; }
    public string ChainType { get; set; } = "other";
    public string AceTier { get; set; } = "E";
    public List<string> Keywords { get; } = new(8);

    /// <summary>True when the SHL tags hold a Status, a Hierarchical and a Logical tag.</summary>
    public bool FullyTagged { get; set; }

    /// <summary>First 64 bits of the content's MD5 (from <c>content_hash</c>, or computed from the message).</summary>
    public ulong ContentKey { get; set; }

    /// <summary>Copies <paramref name="other"/> into this instance (the keyword list is copied, not shared).</summary>
    public void CopyFrom(RecordFacts other)
    {
        Timestamp = other.Timestamp;
        SpeakerName = other.SpeakerName;
        SpeakerRole = other.SpeakerRole;
        Receiver = other.Receiver;
        ContextId = other.ContextId;
        ChainType = other.ChainType;
        AceTier = other.AceTier;
        Keywords.Clear();
        Keywords.AddRange(other.Keywords);
        FullyTagged = other.FullyTagged;
        ContentKey = other.ContentKey;
    }

    public void Reset()
    {
        Timestamp = default;
        SpeakerName = "";
        SpeakerRole = null;
        Receiver = null;
        ContextId = null;
        ChainType = "other";
        AceTier = "E";
        Keywords.Clear();
        FullyTagged = false;
        ContentKey = 0;
    }
}
