using System.Buffers.Text;
using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;

namespace Ledger.Core.Ingest;

/// <summary>
/// Turns received frames into journal lines: decode + enrich + serialize (in parallel) → exactly-once check → assign
/// Sequence and splice the line (in receive order); bad frames become dead-letter lines. Owned by the processing
/// stage of the pipeline.
/// </summary>
/// <remarks>
/// Decoding, enrichment, serialization and the Id digest are pure functions of one frame, so a large batch is spread
/// over <see cref="ProcessorOptions.Workers"/> threads (the caller plus dedicated <see cref="ChunkWorkers"/>). A line
/// is serialized without its Sequence, which is not known until the Id window has said the record is new: the
/// ordered part on the calling thread is only a window lookup and three copies (<c>{"Id":…</c>, <c>,"Sequence":N</c>,
/// the rest), so it no longer caps how far the parallel part scales. Sequences are assigned before the fsync; that is safe because
/// an fsync failure is fatal (the process exits and recovery re-derives the last Sequence from what is really on
/// disk), so an assigned Sequence is either persisted or forgotten, never reused after being persisted.
/// </remarks>
public sealed class RecordProcessor : IDisposable
{
    // How many frames ahead the ordered commit asks for the Id window's cache lines (see KnownIds.Prefetch).
    private const int PrefetchDistance = 8;

    private static readonly string[] s_sourceNames = ["pull", "sub", "router"];
    private readonly MessageDecoder _decoder;
    private readonly MetadataEnricher _enricher;
    private readonly KnownIds _knownIds;
    private readonly ChunkWorkers _workers;
    private readonly int _workerCount;
    private readonly int _parallelThreshold;
    private readonly Utf8JsonWriter _rejectWriter;
    private Prepared[] _prepared = new Prepared[256];
    private ChunkOutput[] _chunkOutputs = [new ChunkOutput()];
    private long _lastSequence;

    public RecordProcessor(MessageDecoder decoder, MetadataEnricher enricher, KnownIds knownIds, long lastSequence, ProcessorOptions? options = null)
    {
        options ??= new ProcessorOptions();
        _decoder = decoder;
        _enricher = enricher;
        _knownIds = knownIds;
        _lastSequence = lastSequence;
        _workerCount = Math.Max(1, options.Workers);
        _workers = new ChunkWorkers(_workerCount - 1);
        _parallelThreshold = _workerCount > 1 ? options.ParallelThreshold : int.MaxValue;
        _rejectWriter = new Utf8JsonWriter(Stream.Null, LedgerRecordJson.WriterOptions);
    }

    /// <summary>The last Sequence handed out.</summary>
    public long LastSequence => _lastSequence;

    /// <summary>Processes every frame of <paramref name="inbound"/> into <paramref name="output"/> (appending).</summary>
    public void Process(InboundBatch inbound, CommitBatch output)
    {
        var count = inbound.Count;
        if (_prepared.Length < count)
        {
            _prepared = new Prepared[Math.Max(count, _prepared.Length * 2)];
        }
        if (count >= _parallelThreshold)
        {
            // Chunks, not single frames: per-item scheduling would cost more than decoding a 500-byte frame.
            var chunk = Math.Max(64, count / (_workerCount * 4));
            var chunks = (count + chunk - 1) / chunk;
            EnsureChunkOutputs(chunks);
            _workers.Run(chunks, c => PrepareRange(inbound, c * chunk, Math.Min(count, (c + 1) * chunk), c));
        }
        else
        {
            PrepareRange(inbound, 0, count, 0);
        }
        for (var i = 0; i < count; i++)
        {
            if (i + PrefetchDistance < count && _prepared[i + PrefetchDistance].Record is not null)
            {
                _knownIds.Prefetch(_prepared[i + PrefetchDistance].IdDigest, PrefetchDistance);
            }
            output.Received++;
            Commit(inbound, inbound.Frames[i], _prepared[i], output);
            _prepared[i] = default;
        }
        foreach (var chunkOutput in _chunkOutputs)
        {
            chunkOutput.Bytes.Clear();
            chunkOutput.BeginRange(); // the records and texts of this batch are not kept alive until the next
        }
        output.LastSequence = _lastSequence;
    }

    private void EnsureChunkOutputs(int chunks)
    {
        if (_chunkOutputs.Length < chunks)
        {
            var grown = new ChunkOutput[chunks];
            _chunkOutputs.CopyTo(grown, 0);
            for (var c = _chunkOutputs.Length; c < chunks; c++)
            {
                grown[c] = new ChunkOutput();
            }
            _chunkOutputs = grown;
        }
    }

    /// <summary>Decode + hash + enrich + serialize frames [start, end) into their chunk's buffers; thread-safe per chunk.</summary>
    /// <remarks>
    /// In three passes rather than frame by frame, so the MD5s (every message's content_hash and every Id's digest)
    /// are taken eight at a time by <see cref="Md5MultiBuffer"/>. The texts stay the UTF-8 they arrived in: decoded
    /// into the chunk's message buffer, hashed and journaled from there (record.Message is left empty).
    /// </remarks>
    private void PrepareRange(InboundBatch inbound, int start, int end, int chunk)
    {
        var output = _chunkOutputs[chunk];
        output.BeginRange();
        var messages = output.Messages;
        for (var i = start; i < end; i++)
        {
            var frame = inbound.Frames[i];
            var context = ContextOf(inbound, frame);
            var messageStart = messages.WrittenCount;
            try
            {
                if (!_decoder.TryDecode(inbound.Payload(frame), context, messages, out var record, out var reason))
                {
                    _prepared[i] = new Prepared(context, null, reason, default, chunk, 0, 0, 0);
                    continue;
                }
                output.AddDecoded(i, record, context, messageStart..messages.WrittenCount);
            }
            catch (Exception ex) when (IsProcessingFailure(ex))
            {
                messages.Truncate(messageStart);
                _prepared[i] = new Prepared(context, null, Unprocessable(ex), default, chunk, 0, 0, 0);
            }
        }
        output.HashDecoded();
        var decoded = output.Decoded;
        for (var k = 0; k < decoded.Length; k++)
        {
            ref readonly var item = ref decoded[k];
            var record = item.Record;
            var lineStart = output.Bytes.WrittenCount;
            try
            {
                var text = messages.WrittenSpan[item.Message];
                record.Metadata = _enricher.Enrich(text, output.ContentHashes[k], record.Metadata.ClientJson);
                output.Lines.WriteStartAndId(output.Bytes, record);
                var idEnd = output.Bytes.WrittenCount;
                output.Lines.WriteAfterSequence(output.Bytes, record, text);
                _prepared[item.Index] = new Prepared(item.Context, record, null, output.IdDigests[k], chunk, lineStart, idEnd, output.Bytes.WrittenCount);
            }
            catch (Exception ex) when (IsProcessingFailure(ex))
            {
                // Accepted by the decoder yet unserializable (a bug, not bad input): it must neither stop the daemon
                // nor vanish. Undo its partial bytes and dead-letter it with the error.
                output.Bytes.Truncate(lineStart);
                _prepared[item.Index] = new Prepared(item.Context, null, Unprocessable(ex), default, chunk, 0, 0, 0);
            }
        }
    }

    private void Commit(InboundBatch inbound, in InboundFrame frame, in Prepared prepared, CommitBatch output)
    {
        var source = (int)frame.Source;
        if (prepared.Record is not { } record)
        {
            Reject(inbound, frame, prepared.Context, prepared.Reason!, output);
            return;
        }
        if (_knownIds.TryGet(prepared.IdDigest, out var original))
        {
            output.Duplicates++;
            output.DuplicatesBySource[source]++;
            AddAck(inbound, frame, output, record.Id, original, AckStatus.Duplicate, null);
            return;
        }
        var sequence = _lastSequence + 1;
        record.Sequence = sequence;
        var line = _chunkOutputs[prepared.Chunk].Bytes.WrittenSpan;
        var journal = output.JournalBytes;
        journal.Write(line[prepared.Start..prepared.IdEnd]);
        journal.Write(LedgerRecordJson.SequencePrefix);
        var digits = journal.GetSpan(20);
        Utf8Formatter.TryFormat(sequence, digits, out var written);
        journal.Advance(written);
        journal.Write(line[prepared.IdEnd..prepared.End]);
        journal.Write("\n"u8);
        _lastSequence = sequence;
        _knownIds.Add(prepared.IdDigest, sequence);
        output.Persisted++;
        output.PersistedBySource[source]++;
        AddAck(inbound, frame, output, record.Id, sequence, AckStatus.Stored, null);
    }

    private void Reject(InboundBatch inbound, in InboundFrame frame, in FrameContext context, string reason, CommitBatch output)
    {
        var payload = inbound.Payload(frame);
        _rejectWriter.Reset(output.RejectedBytes);
        _rejectWriter.WriteStartObject();
        _rejectWriter.WriteString("ReceivedAt"u8, LedgerRecordJson.FormatTimestamp(context.ReceivedAt));
        _rejectWriter.WriteString("Source"u8, context.Source);
        if (context.Topic is null)
        {
            _rejectWriter.WriteNull("Topic"u8);
        }
        else
        {
            _rejectWriter.WriteString("Topic"u8, context.Topic);
        }
        _rejectWriter.WriteString("Reason"u8, reason);
        _rejectWriter.WriteBase64String("RawBase64"u8, payload);
        _rejectWriter.WriteEndObject();
        _rejectWriter.Flush();
        output.RejectedBytes.Write("\n"u8);
        output.Rejected++;
        output.RejectedBySource[(int)frame.Source]++;
        if (frame.Source == FrameSource.Router)
        {
            AddAck(inbound, frame, output, IdSniffer.TryFind(payload), 0, AckStatus.Rejected, reason);
        }
    }

    private static FrameContext ContextOf(InboundBatch inbound, in InboundFrame frame)
    {
        // A topic that is not valid UTF-8 is shown with replacement characters; the payload is what gets validated.
        var topic = frame.TopicOffset < 0 ? null : Encoding.UTF8.GetString(inbound.Topic(frame));
        return new FrameContext(s_sourceNames[(int)frame.Source], topic, new DateTime(frame.ReceivedAtTicks, DateTimeKind.Utc));
    }

    private static bool IsProcessingFailure(Exception ex) =>
        ex is ArgumentException or InvalidOperationException or FormatException or JsonException or DecoderFallbackException or OverflowException;

    private static string Unprocessable(Exception ex) => $"could not be processed: {ex.GetType().Name}: {ex.Message}";

    private static void AddAck(InboundBatch inbound, in InboundFrame frame, CommitBatch output, string? id, long sequence, AckStatus status, string? error)
    {
        if (frame.Source == FrameSource.Router)
        {
            output.Acks.Add(new AckReply(inbound.RoutingId(frame).ToArray(), frame.ReplyWithDelimiter, id, sequence, status, error));
        }
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        _workers.Dispose();
        foreach (var chunkOutput in _chunkOutputs)
        {
            chunkOutput.Lines.Dispose();
        }
        _rejectWriter.Dispose();
    }

    /// <summary>
    /// One frame after the parallel stage: a record serialized without its Sequence (bytes [Start, IdEnd) and
    /// [IdEnd, End) of its chunk's buffer), or the reason it was rejected.
    /// </summary>
    private readonly record struct Prepared(FrameContext Context, LedgerRecord? Record, string? Reason, UInt128 IdDigest, int Chunk, int Start, int IdEnd, int End);

    /// <summary>Where one chunk's records are serialized; only the thread running that chunk touches it.</summary>
    private sealed class ChunkOutput
    {
        private readonly List<DecodedFrame> _decoded = [];
        private readonly List<Range> _messageRanges = [];
        private readonly List<Range> _idRanges = [];
        private UInt128[] _contentHashes = new UInt128[64];
        private UInt128[] _idDigests = new UInt128[64];

        public ByteBufferWriter Bytes { get; } = new(1 << 16);

        /// <summary>The message texts of the frames being prepared, as UTF-8, back to back.</summary>
        public ByteBufferWriter Messages { get; } = new(1 << 14);

        /// <summary>The Ids of the decoded frames as <see cref="KnownIds.DigestInput"/>, back to back.</summary>
        public ByteBufferWriter Ids { get; } = new(1 << 12);

        public JournalLineWriter Lines { get; } = new();

        public ReadOnlySpan<DecodedFrame> Decoded => CollectionsMarshal.AsSpan(_decoded);

        /// <summary>MD5 of each decoded message, by position in <see cref="Decoded"/>.</summary>
        public ReadOnlySpan<UInt128> ContentHashes => _contentHashes;

        /// <summary><see cref="KnownIds.Digest"/> of each decoded Id, by position in <see cref="Decoded"/>.</summary>
        public ReadOnlySpan<UInt128> IdDigests => _idDigests;

        public void BeginRange()
        {
            Messages.Clear();
            Ids.Clear();
            _decoded.Clear();
            _messageRanges.Clear();
            _idRanges.Clear();
        }

        public void AddDecoded(int index, LedgerRecord record, FrameContext context, Range message)
        {
            var idStart = Ids.WrittenCount;
            Ids.Write(KnownIds.DigestInput(record.Id));
            _decoded.Add(new DecodedFrame(index, record, context, message));
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
    }

    /// <summary>A frame the decoder accepted: its record and where its text is in <see cref="ChunkOutput.Messages"/>.</summary>
    private readonly record struct DecodedFrame(int Index, LedgerRecord Record, FrameContext Context, Range Message);
}
