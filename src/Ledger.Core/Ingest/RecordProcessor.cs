using System.Buffers;
using System.Text;
using System.Text.Json;
using Ledger.Core.Enrichment;
using Ledger.Core.Records;

namespace Ledger.Core.Ingest;

/// <summary>
/// Turns received frames into journal lines: decode → exactly-once check → enrich → assign Sequence → serialize;
/// bad frames become dead-letter lines. Single-threaded: owned by the processing stage of the pipeline.
/// </summary>
/// <remarks>
/// Sequences are assigned here, before the fsync; that is safe because an fsync failure is fatal (the process exits
/// and recovery re-derives the last Sequence from what is really on disk), so an assigned Sequence is either
/// persisted or forgotten, never reused after being persisted.
/// </remarks>
public sealed class RecordProcessor
{
    private static readonly string[] s_sourceNames = ["pull", "sub", "router"];
    private readonly MessageDecoder _decoder;
    private readonly MetadataEnricher _enricher;
    private readonly KnownIds _knownIds;
    private readonly Utf8JsonWriter _writer;
    private readonly Utf8JsonWriter _rejectWriter;
    private long _lastSequence;

    public RecordProcessor(MessageDecoder decoder, MetadataEnricher enricher, KnownIds knownIds, long lastSequence)
    {
        _decoder = decoder;
        _enricher = enricher;
        _knownIds = knownIds;
        _lastSequence = lastSequence;
        _writer = new Utf8JsonWriter(Stream.Null, LedgerRecordJson.WriterOptions);
        _rejectWriter = new Utf8JsonWriter(Stream.Null, LedgerRecordJson.WriterOptions);
    }

    /// <summary>The last Sequence handed out.</summary>
    public long LastSequence => _lastSequence;

    /// <summary>Processes every frame of <paramref name="inbound"/> into <paramref name="output"/> (appending).</summary>
    public void Process(InboundBatch inbound, CommitBatch output)
    {
        foreach (var frame in inbound.Frames)
        {
            output.Received++;
            ProcessOne(inbound, frame, output);
        }
        output.LastSequence = _lastSequence;
    }

    private void ProcessOne(InboundBatch inbound, in InboundFrame frame, CommitBatch output)
    {
        var journalLength = output.JournalBytes.WrittenCount;
        var sequence = _lastSequence;
        try
        {
            DecodeAndAppend(inbound, frame, output);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or System.Text.Json.JsonException or DecoderFallbackException)
        {
            // A frame the decoder accepted but that still fails later (a bug, not bad input) must neither stop the
            // daemon nor vanish: undo its partial output and dead-letter it with the error.
            output.JournalBytes.Truncate(journalLength);
            _lastSequence = sequence;
            var source = (int)frame.Source;
            var context = new FrameContext(s_sourceNames[source], frame.TopicOffset < 0 ? null : Encoding.UTF8.GetString(inbound.Topic(frame)), new DateTime(frame.ReceivedAtTicks, DateTimeKind.Utc));
            var reason = $"could not be processed: {ex.GetType().Name}: {ex.Message}";
            WriteRejection(inbound.Payload(frame), context, reason, output);
            output.Rejected++;
            output.RejectedBySource[source]++;
            if (frame.Source == FrameSource.Router)
            {
                AddAck(inbound, frame, output, IdSniffer.TryFind(inbound.Payload(frame)), 0, AckStatus.Rejected, reason);
            }
        }
    }

    private void DecodeAndAppend(InboundBatch inbound, in InboundFrame frame, CommitBatch output)
    {
        var source = (int)frame.Source;
        var receivedAt = new DateTime(frame.ReceivedAtTicks, DateTimeKind.Utc);
        var topicBytes = inbound.Topic(frame);
        string? topic = frame.TopicOffset < 0 ? null : Encoding.UTF8.GetString(topicBytes);
        var payload = inbound.Payload(frame);
        var context = new FrameContext(s_sourceNames[source], topic, receivedAt);

        if (!_decoder.TryDecode(payload, context, out var record, out var reason))
        {
            WriteRejection(payload, context, reason, output);
            output.Rejected++;
            output.RejectedBySource[source]++;
            if (frame.Source == FrameSource.Router)
            {
                AddAck(inbound, frame, output, IdSniffer.TryFind(payload), 0, AckStatus.Rejected, reason);
            }
            return;
        }
        if (_knownIds.TryGet(record.Id, out var original))
        {
            output.Duplicates++;
            output.DuplicatesBySource[source]++;
            AddAck(inbound, frame, output, record.Id, original, AckStatus.Duplicate, null);
            return;
        }
        record.Metadata = _enricher.Enrich(record.Message, record.Metadata.ClientJson);
        record.Sequence = ++_lastSequence;
        // Reset per record: a Utf8JsonWriter that has written one top-level value would prefix the next with a comma.
        _writer.Reset(output.JournalBytes);
        LedgerRecordJson.Write(_writer, record);
        _writer.Flush();
        output.JournalBytes.Write("\n"u8);
        // Remembered only once the line is complete, so a frame that failed above can be retried.
        _knownIds.Add(record.Id, record.Sequence);
        output.Persisted++;
        output.PersistedBySource[source]++;
        AddAck(inbound, frame, output, record.Id, record.Sequence, AckStatus.Stored, null);
    }

    private void WriteRejection(ReadOnlySpan<byte> payload, in FrameContext context, string reason, CommitBatch output)
    {
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
    }

    private static void AddAck(InboundBatch inbound, in InboundFrame frame, CommitBatch output, string? id, long sequence, AckStatus status, string? error)
    {
        if (frame.Source == FrameSource.Router)
        {
            output.Acks.Add(new AckReply(inbound.RoutingId(frame).ToArray(), frame.ReplyWithDelimiter, id, sequence, status, error));
        }
    }
}
