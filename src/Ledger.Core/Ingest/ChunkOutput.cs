using System.Runtime.InteropServices;
using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;

namespace Ledger.Core.Ingest;

/// <summary>
/// Where one chunk of a batch is decoded, hashed and serialized by <see cref="RecordProcessor"/>; only the thread
/// running that chunk touches it until the batch is committed.
/// </summary>
internal sealed class ChunkOutput
{
    private readonly List<DecodedFrame> _decoded = [];
    private readonly List<Range> _messageRanges = [];
    private readonly List<Range> _idRanges = [];
    private UInt128[] _contentHashes = new UInt128[64];
    private UInt128[] _idDigests = new UInt128[64];

    public ChunkOutput(int lineBytes = 1 << 16) => Bytes = new ByteBufferWriter(lineBytes);

    /// <summary>The chunk's journal lines (without their Sequence), back to back.</summary>
    public ByteBufferWriter Bytes { get; }

    /// <summary>The message texts of the frames being prepared, as UTF-8, back to back.</summary>
    public ByteBufferWriter Messages { get; } = new(1 << 14);

    /// <summary>The Ids of the decoded frames as UTF-8 (what <see cref="KnownIds.Digest(ReadOnlySpan{byte})"/> hashes), back to back.</summary>
    public ByteBufferWriter Ids { get; } = new(1 << 12);

    public JournalLineWriter Lines { get; } = new();

    public ReadOnlySpan<DecodedFrame> Decoded => CollectionsMarshal.AsSpan(_decoded);

    /// <summary>MD5 of each decoded message, by position in <see cref="Decoded"/>.</summary>
    public ReadOnlySpan<UInt128> ContentHashes => _contentHashes;

    /// <summary><see cref="KnownIds.Digest(ReadOnlySpan{byte})"/> of each decoded Id, by position in <see cref="Decoded"/>.</summary>
    public ReadOnlySpan<UInt128> IdDigests => _idDigests;

    public void BeginRange()
    {
        Messages.Clear();
        Ids.Clear();
        _decoded.Clear();
        _messageRanges.Clear();
        _idRanges.Clear();
    }

    /// <summary>Drops the decoded frames' contexts once their lines are written, so none outlives its chunk's preparation.</summary>
    public void ReleaseDecoded() => _decoded.Clear();

    /// <summary>Notes an accepted frame: its index in the batch, its Id's UTF-8 (to be hashed and journaled), context and text.</summary>
    /// <remarks>The decoded fields themselves stay with the caller (see <see cref="RecordProcessor"/>'s sub-range records).</remarks>
    public void AddDecoded(int index, ReadOnlySpan<byte> idUtf8, FrameContext context, Range message)
    {
        var idStart = Ids.WrittenCount;
        Ids.Write(idUtf8);
        Add(index, idStart, context, message);
    }

    /// <summary><see cref="AddDecoded(int, ReadOnlySpan{byte}, FrameContext, Range)"/> for an Id the decoder made a string (it had escapes, or came by the reader).</summary>
    public void AddDecoded(int index, string id, FrameContext context, Range message)
    {
        var idStart = Ids.WrittenCount;
        var length = Encoding.UTF8.GetMaxByteCount(id.Length);
        Ids.Advance(Encoding.UTF8.GetBytes(id, Ids.GetSpan(length)));
        Add(index, idStart, context, message);
    }

    /// <summary>The UTF-8 of the Id of the <paramref name="k"/>-th decoded frame.</summary>
    public ReadOnlySpan<byte> IdUtf8(int k) => Ids.WrittenSpan[_idRanges[k]];

    private void Add(int index, int idStart, FrameContext context, Range message)
    {
        _decoded.Add(new DecodedFrame(index, context, message));
        _messageRanges.Add(message);
        _idRanges.Add(idStart..Ids.WrittenCount);
    }

    public void HashDecoded()
    {
        if (_contentHashes.Length < _decoded.Count)
        {
            _contentHashes = new UInt128[Math.Max(_decoded.Count, _contentHashes.Length * 2)];
            _idDigests = new UInt128[_contentHashes.Length];
        }
        Md5MultiBuffer.HashMany(Messages.WrittenSpan, CollectionsMarshal.AsSpan(_messageRanges), _contentHashes);
        Md5MultiBuffer.HashMany(Ids.WrittenSpan, CollectionsMarshal.AsSpan(_idRanges), _idDigests);
    }

    /// <summary>A frame the decoder accepted: where it is in the batch, its context, and where its text is in <see cref="Messages"/>.</summary>
    public readonly record struct DecodedFrame(int Index, FrameContext Context, Range Message);
}
