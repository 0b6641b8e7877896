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

    // Frames prepared together (decoded, then hashed eight at a time, then enriched and serialized); see PrepareRange.
    private const int SubRangeFrames = 64;

    // Line bytes reserved per frame (ProcessorOptions.ReservedBatchFrames): a seed-shaped message of ~400 bytes of
    // text makes a ~1.2 KB line; longer lines grow their chunk's buffer as before.
    private const int ReservedLineBytes = 2 << 10;
    private const int MaxReservedChunkBytes = 32 << 20;

    private static readonly string[] s_sourceNames = ["pull", "sub", "router"];
    private readonly MessageDecoder _decoder;
    private readonly MetadataEnricher _enricher;
    private readonly KnownIds _knownIds;
    private readonly ChunkWorkers _workers;
    private readonly int _workerCount;
    private readonly int _parallelThreshold;
    private readonly Utf8JsonWriter _rejectWriter;

    // Two sets of preparation buffers: one batch is committed from one set while the next is prepared into the other.
    private readonly PreparedBatch[] _sets;
    private int _nextSet;

    // The batch being prepared by the workers in the background (see Process(inbound, output, next)), or null.
    private PreparedBatch? _ahead;
    private long _lastSequence;

    public RecordProcessor(MessageDecoder decoder, MetadataEnricher enricher, KnownIds knownIds, long lastSequence, ProcessorOptions? options = null)
    {
        // Before any stage method is compiled, so the JIT sees their static fields as constants.
        StageStatics.EnsureInitialized();
        options ??= new ProcessorOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.ReservedBatchFrames);
        _decoder = decoder;
        _enricher = enricher;
        _knownIds = knownIds;
        _lastSequence = lastSequence;
        _workerCount = Math.Max(1, options.Workers);
        _workers = new ChunkWorkers(_workerCount - 1, options.WarmUpWorkers ? () => ProcessorWarmUp.Run(decoder, enricher) : null);
        _parallelThreshold = _workerCount > 1 ? options.ParallelThreshold : int.MaxValue;
        _rejectWriter = new Utf8JsonWriter(Stream.Null, LedgerRecordJson.WriterOptions);
        _sets = [NewSet(options.ReservedBatchFrames), NewSet(options.ReservedBatchFrames)];
        foreach (var set in _sets)
        {
            // One delegate per set, made once: a lambda over Prepare's locals was a closure object and a delegate on
            // every batch, even one prepared without the workers (the compiler makes the closure on entry).
            set.PrepareChunk = c => PrepareRange(set, c * set.ChunkFrames, Math.Min(set.Inbound!.Count, (c + 1) * set.ChunkFrames), c);
        }
    }

    /// <summary>The last Sequence handed out.</summary>
    public long LastSequence => _lastSequence;

    /// <summary>Processes every frame of <paramref name="inbound"/> into <paramref name="output"/> (appending).</summary>
    public void Process(InboundBatch inbound, CommitBatch output) => Process(inbound, output, next: null);

    /// <summary>How long the calling thread has waited, in all, for the worker threads to finish preparing a batch.</summary>
    public TimeSpan WorkerWaitTime => _workers.JoinWaitTime;

    /// <summary>
    /// Processes every frame of <paramref name="inbound"/> into <paramref name="output"/> (appending); when
    /// <paramref name="next"/> is given, the worker threads start preparing it while this thread commits
    /// <paramref name="inbound"/>.
    /// </summary>
    /// <remarks>
    /// Committing is ordered and runs on one thread: with plain fork-join the workers slept through it and, on a
    /// 2-core machine, a core sat idle for most of a millisecond per batch. Preparing is a pure function of the
    /// frames, so the next batch can be prepared early; the exactly-once check and the Sequences still happen in
    /// commit order. After a call with <paramref name="next"/>, the next call must process exactly that batch, and
    /// it must not be changed or cleared before then.
    /// </remarks>
    public void Process(InboundBatch inbound, CommitBatch output, InboundBatch? next)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(output);
        PreparedBatch batch;
        if (_ahead is { } ahead)
        {
            if (!ReferenceEquals(ahead.Inbound, inbound))
            {
                throw new InvalidOperationException("RecordProcessor.Process must be called for the batch passed as next in the previous call");
            }
            _workers.Join();
            _ahead = null;
            batch = ahead;
        }
        else
        {
            batch = TakeSet();
            Prepare(batch, inbound, background: false);
        }
        if (next is not null && next.Count >= _parallelThreshold)
        {
            _ahead = TakeSet();
            Prepare(_ahead, next, background: true);
        }
        Commit(batch, output);
    }

    /// <summary>A set with room for a batch of <paramref name="frames"/>, split as <see cref="Prepare"/> would split it.</summary>
    private PreparedBatch NewSet(int frames)
    {
        if (frames <= 256)
        {
            return new PreparedBatch();
        }
        if (frames < _parallelThreshold)
        {
            return new PreparedBatch(frames, 1, (int)Math.Min((long)frames * ReservedLineBytes, MaxReservedChunkBytes));
        }
        // A smaller batch can take one chunk more than a full one (2,047 frames: chunks of 255, nine of them).
        var chunk = ChunkFrames(frames);
        var chunks = Math.Max((frames + chunk - 1) / chunk, _workerCount * 4 + 1);
        return new PreparedBatch(frames, chunks, (int)Math.Min((long)chunk * ReservedLineBytes, MaxReservedChunkBytes));
    }

    private int ChunkFrames(int count) => Math.Max(64, count / (_workerCount * 4));

    private PreparedBatch TakeSet()
    {
        var set = _sets[_nextSet];
        _nextSet ^= 1;
        return set;
    }

    /// <summary>Prepares every frame of <paramref name="inbound"/> into <paramref name="batch"/>; in the background, only started.</summary>
    private void Prepare(PreparedBatch batch, InboundBatch inbound, bool background)
    {
        var count = inbound.Count;
        batch.Begin(inbound);
        if (count >= _parallelThreshold)
        {
            // Chunks, not single frames: per-item scheduling would cost more than decoding a 500-byte frame.
            var chunk = ChunkFrames(count);
            var chunks = (count + chunk - 1) / chunk;
            batch.EnsureChunks(chunks);
            batch.ChunkFrames = chunk;
            _workers.Start(chunks, batch.PrepareChunk!);
            if (!background)
            {
                _workers.Join();
            }
        }
        else
        {
            PrepareRange(batch, 0, count, 0);
        }
    }

    /// <summary>Commits a prepared batch in receive order, then empties its buffers for reuse.</summary>
    private void Commit(PreparedBatch batch, CommitBatch output)
    {
        var inbound = batch.Inbound!;
        var prepared = batch.Items;
        var frames = inbound.FrameSpan;
        var count = frames.Length;
        for (var i = 0; i < count; i++)
        {
            if (i + PrefetchDistance < count && prepared[i + PrefetchDistance].Accepted)
            {
                _knownIds.Prefetch(prepared[i + PrefetchDistance].IdDigest, PrefetchDistance);
            }
            output.Received++;
            Commit(inbound, frames[i], prepared[i], batch.Chunks, output);
            prepared[i] = default;
        }
        batch.End(); // the contexts and texts of this batch are not kept alive until the set is used again
        output.LastSequence = _lastSequence;
    }

    /// <summary>Decode + hash + enrich + serialize frames [start, end) into their chunk's buffers; thread-safe per chunk.</summary>
    /// <remarks>
    /// <see cref="SubRangeFrames"/> frames at a time: each sub-range's records are alive from its decode pass to its
    /// serialize pass, and whatever is alive when a young collection strikes is copied into the older generation.
    /// </remarks>
    private void PrepareRange(PreparedBatch batch, int start, int end, int chunk)
    {
        for (var from = start; from < end; from += SubRangeFrames)
        {
            PrepareSubRange(batch, from, Math.Min(end, from + SubRangeFrames), chunk);
        }
    }

    /// <summary>Decode + hash + enrich + serialize frames [start, end), appending their lines to the chunk's bytes.</summary>
    /// <remarks>
    /// In three passes rather than frame by frame, so the MD5s (every message's content_hash and every Id's digest)
    /// are taken eight at a time by <see cref="Md5MultiBuffer"/>. The texts stay the UTF-8 they arrived in: decoded
    /// into the chunk's message buffer, hashed and journaled from there (the fields' Message is left empty).
    /// </remarks>
    private void PrepareSubRange(PreparedBatch batch, int start, int end, int chunk)
    {
        var inbound = batch.Inbound!;
        var prepared = batch.Items;
        var output = batch.Chunks[chunk];
        output.BeginRange();
        var messages = output.Messages;
        // On the stack, not in the chunk's list: a record's dozen references written into a heap array cost a
        // write barrier and a card each, more than the objects they replaced (see RecordFields).
        var records = new SubRangeRecords();
        var accepted = 0;
        var frames = inbound.FrameSpan;
        for (var i = start; i < end; i++)
        {
            ref readonly var frame = ref frames[i];
            var context = ContextOf(inbound, frame);
            var messageStart = messages.WrittenCount;
            try
            {
                var payload = inbound.Payload(frame);
                if (!_decoder.TryDecodeFields(payload, context, messages, out records[accepted], out var reason))
                {
                    prepared[i] = PreparedFrame.Rejected(context, reason, chunk);
                    continue;
                }
                ref readonly var record = ref records[accepted++];
                if (record.IdUtf8 is { } idUtf8)
                {
                    output.AddDecoded(i, payload[idUtf8], context, messageStart..messages.WrittenCount);
                }
                else
                {
                    output.AddDecoded(i, record.Id, context, messageStart..messages.WrittenCount);
                }
            }
            catch (Exception ex) when (IsProcessingFailure(ex))
            {
                messages.Truncate(messageStart);
                prepared[i] = PreparedFrame.Rejected(context, Unprocessable(ex), chunk);
            }
        }
        output.HashDecoded();
        var decoded = output.Decoded;
        for (var k = 0; k < decoded.Length; k++)
        {
            ref readonly var item = ref decoded[k];
            ref readonly var record = ref records[k];
            var lineStart = output.Bytes.WrittenCount;
            try
            {
                var text = messages.WrittenSpan[item.Message];
                // Enriched straight into the line: no RecordMetadata nor keywords array is made (see MetadataFields).
                var metadata = _enricher.EnrichFields(text, output.ContentHashes[k], record.ClientJson);
                var id = output.IdUtf8(k);
                output.Lines.WriteStartAndId(output.Bytes, id);
                var idEnd = output.Bytes.WrittenCount;
                output.Lines.WriteAfterSequence(output.Bytes, record, text, metadata);
                // Nothing decoded outlives this method: the strings die here, young, instead of surviving a collection
                // while the batch waits to be committed. An ack takes its Id from the line's start (see AckFrames.Add).
                prepared[item.Index] = new PreparedFrame(item.Context, Accepted: true, null, output.IdDigests[k], chunk, lineStart, idEnd, output.Bytes.WrittenCount);
            }
            catch (Exception ex) when (IsProcessingFailure(ex))
            {
                // Accepted by the decoder yet unserializable (a bug, not bad input): it must neither stop the daemon
                // nor vanish. Undo its partial bytes and dead-letter it with the error.
                output.Bytes.Truncate(lineStart);
                prepared[item.Index] = PreparedFrame.Rejected(item.Context, Unprocessable(ex), chunk);
            }
        }
        output.ReleaseDecoded();
    }

    private void Commit(InboundBatch inbound, in InboundFrame frame, in PreparedFrame prepared, ChunkOutput[] chunks, CommitBatch output)
    {
        var source = (int)frame.Source;
        if (!prepared.Accepted)
        {
            Reject(inbound, frame, prepared.Context, prepared.Reason!, output);
            return;
        }
        if (_knownIds.TryGet(prepared.IdDigest, out var original))
        {
            output.Duplicates++;
            output.DuplicatesBySource[source]++;
            AddAck(inbound, frame, output, chunks[prepared.Chunk].Bytes.WrittenSpan[prepared.Start..prepared.IdEnd], original, AckStatus.Duplicate);
            return;
        }
        var sequence = _lastSequence + 1;
        var line = chunks[prepared.Chunk].Bytes.WrittenSpan;
        var journal = output.JournalBytes;
        journal.Write(line[prepared.Start..prepared.IdEnd]);
        journal.Write(LedgerRecordJson.SequencePrefix);
        journal.WriteNumber(sequence);
        journal.Write(line[prepared.IdEnd..prepared.End]);
        journal.Write("\n"u8);
        _lastSequence = sequence;
        _knownIds.Add(prepared.IdDigest, sequence);
        output.Persisted++;
        output.PersistedBySource[source]++;
        AddAck(inbound, frame, output, line[prepared.Start..prepared.IdEnd], sequence, AckStatus.Stored);
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
            output.Acks.AddRejected(inbound.RoutingId(frame), frame.ReplyWithDelimiter, IdSniffer.TryFind(payload), reason);
        }
    }

    private static FrameContext ContextOf(InboundBatch inbound, in InboundFrame frame)
    {
        // A topic that is not valid UTF-8 is shown with replacement characters; the payload is what gets validated.
        // A SUB connection carries a handful of topics, so the string is usually one this thread made before.
        var topic = frame.TopicOffset < 0 ? null : RecentStrings.Get(inbound.Topic(frame));
        return new FrameContext(s_sourceNames[(int)frame.Source], topic, new DateTime(frame.ReceivedAtTicks, DateTimeKind.Utc));
    }

    private static bool IsProcessingFailure(Exception ex) =>
        ex is ArgumentException or InvalidOperationException or FormatException or JsonException or DecoderFallbackException or OverflowException;

    private static string Unprocessable(Exception ex) => $"could not be processed: {ex.GetType().Name}: {ex.Message}";

    /// <summary>Owes a ROUTER peer its stored or duplicate ack; <paramref name="startAndId"/> is the line's <c>{"Id":"…"</c>.</summary>
    private static void AddAck(InboundBatch inbound, in InboundFrame frame, CommitBatch output, ReadOnlySpan<byte> startAndId, long sequence, AckStatus status)
    {
        if (frame.Source == FrameSource.Router)
        {
            output.Acks.Add(inbound.RoutingId(frame), frame.ReplyWithDelimiter, startAndId, sequence, status);
        }
    }

    /// <summary>Stops the worker threads (after finishing a batch they were preparing ahead).</summary>
    public void Dispose()
    {
        _workers.Dispose();
        foreach (var set in _sets)
        {
            set.Dispose();
        }
        _rejectWriter.Dispose();
    }

    /// <summary>The decoded fields of one sub-range's accepted frames, in order (the k-th is the chunk's k-th decoded frame).</summary>
    [System.Runtime.CompilerServices.InlineArray(SubRangeFrames)]
    private struct SubRangeRecords
    {
        private RecordFields _first;
    }
}
