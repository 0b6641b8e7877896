namespace Ledger.Core.Ingest;

/// <summary>Serialized output of one processed <see cref="InboundBatch"/>: journal lines, dead-letter lines, acks.</summary>
/// <remarks>Pooled: the journal writer returns it once the bytes are fsync'd and the acks are handed on.</remarks>
public sealed class CommitBatch(int journalCapacity = 1 << 16)
{
    /// <summary>Journal lines (each ends with a newline), Sequence order; starts with room for <c>journalCapacity</c> bytes.</summary>
    public ByteBufferWriter JournalBytes { get; } = new(journalCapacity);

    /// <summary>Dead-letter lines for rejected frames.</summary>
    public ByteBufferWriter RejectedBytes { get; } = new(1024);

    /// <summary>Replies owed to acknowledged (ROUTER) clients.</summary>
    public AckFrames Acks { get; } = new();

    /// <summary>Sequence of the last record in <see cref="JournalBytes"/>, or of the journal when none.</summary>
    public long LastSequence { get; set; }

    public int Received { get; set; }
    public int Persisted { get; set; }
    public int Rejected { get; set; }
    public int Duplicates { get; set; }

    /// <summary>Messages per source (index = <see cref="FrameSource"/>) for the per-source metrics.</summary>
    public int[] PersistedBySource { get; } = new int[3];
    public int[] RejectedBySource { get; } = new int[3];
    public int[] DuplicatesBySource { get; } = new int[3];

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        JournalBytes.Clear();
        RejectedBytes.Clear();
        Acks.Clear();
        LastSequence = Received = Persisted = Rejected = Duplicates = 0;
        Array.Clear(PersistedBySource);
        Array.Clear(RejectedBySource);
        Array.Clear(DuplicatesBySource);
    }
}
