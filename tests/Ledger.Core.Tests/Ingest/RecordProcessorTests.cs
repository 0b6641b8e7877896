using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Ingest;
using Ledger.Core.Records;
using Ledger.Core.Tests.Support;

namespace Ledger.Core.Tests.Ingest;

public sealed class RecordProcessorTests
{
    private static readonly long ReceivedTicks = Decode.ReceivedAt.Ticks;

    [Fact]
    public void Process_NextBatchPreparedAhead_SameOutputAsOneBatchAtATime()
    {
        var batches = MixedBatches(seed: 7, count: 6);

        var oneAtATime = Run(batches, ahead: false);
        var overlapped = Run(batches, ahead: true);

        Assert.Equal(oneAtATime.Journal, overlapped.Journal);
        Assert.Equal(oneAtATime.Rejected, overlapped.Rejected);
        Assert.Equal(oneAtATime.Acks, overlapped.Acks);
        Assert.Equal(oneAtATime.Counts, overlapped.Counts);
        // The batches really hold every case: new records, duplicates and rejections.
        Assert.True(oneAtATime.Counts is { Persisted: > 1000, Duplicates: > 50, Rejected: > 20 }, oneAtATime.Counts.ToString());
    }

    [Fact]
    public void Process_LargeBatchesInSubRanges_SameOutputAsFrameByFrame()
    {
        // Whole batches: chunks of 64-225 frames, each prepared 64 frames at a time, with rejects and duplicates
        // falling on every side of the sub-range boundaries. One frame per batch: no boundary at all.
        var batches = MixedBatches(seed: 11, count: 4);
        var single = batches.SelectMany(SplitIntoSingleFrames).ToList();

        var whole = Run(batches, ahead: true);
        var frameByFrame = Run(single, ahead: false);

        Assert.Equal(frameByFrame.Journal, whole.Journal);
        Assert.Equal(frameByFrame.Rejected, whole.Rejected);
        Assert.Equal(frameByFrame.Acks, whole.Acks);
        Assert.Equal(frameByFrame.Counts, whole.Counts);
        Assert.True(whole.Counts is { Persisted: > 1000, Duplicates: > 50, Rejected: > 20 }, whole.Counts.ToString());
    }

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public void Process_WithRoomReservedForABatch_SameOutputAsWithout(int reservedFrames)
    {
        // 512: batches of 300-900 frames, some within the reserved room and some past it (their buffers grow as
        // before); 4096: all within it.
        var batches = MixedBatches(seed: 5, count: 6);

        var unreserved = Run(batches, ahead: true);
        var reserved = Run(batches, ahead: true, reservedFrames);

        Assert.Equal(unreserved.Journal, reserved.Journal);
        Assert.Equal(unreserved.Rejected, reserved.Rejected);
        Assert.Equal(unreserved.Acks, reserved.Acks);
        Assert.Equal(unreserved.Counts, reserved.Counts);
    }

    [Fact]
    public void Process_WorkersWarmedUpAtStart_SameOutputAsWithout()
    {
        var batches = MixedBatches(seed: 9, count: 4);

        var cold = Run(batches, ahead: true);
        var warmed = Run(batches, ahead: true, warmUpWorkers: true);

        Assert.Equal(cold.Journal, warmed.Journal);
        Assert.Equal(cold.Acks, warmed.Acks);
        Assert.Equal(cold.Counts, warmed.Counts);
    }

    [Fact]
    public void Constructor_NegativeReservedBatchFrames_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecordProcessor(new MessageDecoder(), new MetadataEnricher(RepoPaths.Rules),
            new KnownIds(16), 0, new ProcessorOptions { ReservedBatchFrames = -1 }));
    }

    [Fact]
    public void Process_DuplicateOfRecordInBatchBeingCommitted_IsADuplicateWhenPreparedAhead()
    {
        var first = Batch(Enumerable.Range(0, 400).Select(i => Frame($"id-{i}")));
        var second = Batch(Enumerable.Range(0, 400).Select(i => Frame(i % 2 == 0 ? $"id-{i}" : $"new-{i}")));
        using var processor = NewProcessor();
        var output = new CommitBatch();

        processor.Process(first, output, second);
        processor.Process(second, output, null);

        Assert.Equal(600, output.Persisted);
        Assert.Equal(200, output.Duplicates);
        Assert.Equal(600, output.LastSequence);
        var sequences = Lines(output).Select(l => l.Sequence).ToArray();
        Assert.Equal(Enumerable.Range(1, 600).Select(s => (long)s), sequences);
    }

    [Fact]
    public void Process_SameIdPlainEscapedOrAfterRestart_OneRecordAndAcksCarryTheId()
    {
        // A plain string Id is hashed and journaled from the frame's bytes (no string made); an escaped one through
        // a string; recovery hashes the journal's strings. All three must be the same Id.
        var plain = Frame("café-ü-1", FrameSource.Router);
        var escaped = new TestFrame(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(plain.Payload)
            .Replace("\"Id\":\"café-ü-1\"", "\"Id\":\"caf\\u00e9-\\u00fc-1\"", StringComparison.Ordinal)), FrameSource.Router);
        Assert.Contains("\"Id\":\"caf\\u00e9-\\u00fc-1\"", Encoding.UTF8.GetString(escaped.Payload), StringComparison.Ordinal);
        var knownIds = new KnownIds(1000);
        var output = new CommitBatch();
        using (var processor = new RecordProcessor(new MessageDecoder(), new MetadataEnricher(RepoPaths.Rules), knownIds, 0))
        {
            processor.Process(Batch([plain, escaped]), output);
        }
        var restarted = new KnownIds(1000);
        foreach (var line in Lines(output))
        {
            restarted.Add(line.Id, line.Sequence); // what start-up recovery does with the journal
        }
        var afterRestart = new CommitBatch();
        using (var processor = new RecordProcessor(new MessageDecoder(), new MetadataEnricher(RepoPaths.Rules), restarted, 1))
        {
            processor.Process(Batch([plain, escaped]), afterRestart);
        }

        Assert.Equal(1, output.Persisted);
        Assert.Equal(1, output.Duplicates);
        Assert.Equal("café-ü-1", Assert.Single(Lines(output)).Id);
        Assert.Equal([("café-ü-1", (long?)1, "stored"), ("café-ü-1", 1, "duplicate")], ParsedAck.All(output.Acks).Select(a => (a.Id, a.Sequence, a.Status)));
        Assert.Equal(0, afterRestart.Persisted);
        Assert.Equal(2, afterRestart.Duplicates);
        Assert.All(ParsedAck.All(afterRestart.Acks), a => Assert.Equal(("café-ü-1", (long?)1, "duplicate"), (a.Id, a.Sequence, a.Status)));
    }

    [Fact]
    public void Process_NotTheBatchPassedAsNext_Throws()
    {
        var first = Batch(Enumerable.Range(0, 300).Select(i => Frame($"a-{i}")));
        var second = Batch(Enumerable.Range(0, 300).Select(i => Frame($"b-{i}")));
        var other = Batch(Enumerable.Range(0, 300).Select(i => Frame($"c-{i}")));
        using var processor = NewProcessor();
        var output = new CommitBatch();

        processor.Process(first, output, second);

        Assert.Throws<InvalidOperationException>(() => processor.Process(other, output, null));
        processor.Process(second, output, null);
        Assert.Equal(600, output.Persisted);
    }

    [Fact]
    public void Dispose_WhileNextBatchIsPreparedAhead_Returns()
    {
        var first = Batch(Enumerable.Range(0, 300).Select(i => Frame($"a-{i}")));
        var second = Batch(Enumerable.Range(0, 3000).Select(i => Frame($"b-{i}")));
        var processor = NewProcessor();
        processor.Process(first, new CommitBatch(), second);

        processor.Dispose(); // the pipeline's writer failed: the batch prepared ahead is abandoned, not committed

        Assert.Equal(300, processor.LastSequence);
    }

    [Theory]
    [InlineData("plain printable ASCII: <tags> & {braces} [1] 100% done; 'quoted' ~ ok")]
    [InlineData("""escaped \"quote\" and back\\slash""")]
    [InlineData("a DEL \u007F byte, which JSON keeps but the journal escapes")]
    [InlineData("""non-ASCII: caf\u00e9 \u30c7\u30fc\u30bf \ud83d\ude80""")]
    [InlineData("raw non-ASCII: café データ 🚀 after plain text")]
    [InlineData("""line\nbreak and tab\t escapes""")]
    [InlineData("")]
    public void Process_MessagePlainOrNot_LineSameBytesAsLedgerRecordJson(string jsonText)
    {
        // The seed scanner marks an all-plain message so the line writer copies it unchecked: every other message
        // (escapes, DEL, non-ASCII) must still come out exactly as the canonical writer writes the decoded record.
        var frame = Encoding.UTF8.GetBytes(
            $$$"""{"Id":"p-1","Timestamp":"2025-12-01T17:09:21.123Z","SpeakerName":"claude_code","Message":"{{{jsonText}}} deploy the canary","Metadata":{"run":"test"}}""");
        using var processor = NewProcessor();
        var output = new CommitBatch();

        processor.Process(Batch([new TestFrame(frame, FrameSource.Pull)]), output);

        Assert.True(new MessageDecoder().TryDecode(frame, new FrameContext("pull", null, new DateTime(ReceivedTicks, DateTimeKind.Utc)), out var decoded, out var reason), reason);
        decoded!.Sequence = 1;
        decoded.Metadata = new MetadataEnricher(RepoPaths.Rules).Enrich(decoded);
        Assert.Equal(LedgerRecordJson.ToJson(decoded) + "\n", Encoding.UTF8.GetString(output.JournalBytes.WrittenSpan));
    }

    private static RecordProcessor NewProcessor(long lastSequence = 0, int reservedFrames = 0, bool warmUpWorkers = false) =>
        new(new MessageDecoder(), new MetadataEnricher(RepoPaths.Rules), new KnownIds(100_000), lastSequence,
            new ProcessorOptions { Workers = 2, ParallelThreshold = 256, ReservedBatchFrames = reservedFrames, WarmUpWorkers = warmUpWorkers });

    private static Outcome Run(IReadOnlyList<InboundBatch> batches, bool ahead, int reservedFrames = 0, bool warmUpWorkers = false)
    {
        using var processor = NewProcessor(lastSequence: 41, reservedFrames, warmUpWorkers);
        var output = new CommitBatch();
        for (var b = 0; b < batches.Count; b++)
        {
            var next = ahead && b + 1 < batches.Count ? batches[b + 1] : null;
            processor.Process(batches[b], output, next);
        }
        var acks = ParsedAck.All(output.Acks).Select(a => a.ToString()).ToArray();
        return new Outcome(
            Encoding.UTF8.GetString(output.JournalBytes.WrittenSpan),
            Encoding.UTF8.GetString(output.RejectedBytes.WrittenSpan),
            acks,
            new Counts(output.Received, output.Persisted, output.Duplicates, output.Rejected, output.LastSequence));
    }

    /// <summary>Batches of 300 to 900 frames and one of 100: new Ids, repeats of earlier Ids (in the same or an earlier batch), broken frames, ROUTER frames.</summary>
    private static List<InboundBatch> MixedBatches(int seed, int count)
    {
        var random = new Random(seed);
        var batches = new List<InboundBatch>();
        var next = 0;
        for (var b = 0; b < count; b++)
        {
            var frames = new List<TestFrame>();
            // Above the parallel threshold, so each batch is prepared while the one before it is committed; one
            // small batch in the middle takes the path without workers.
            var size = b == count / 2 ? 100 : random.Next(300, 900);
            for (var i = 0; i < size; i++)
            {
                var roll = random.Next(100);
                var id = roll < 8 && next > 0 ? $"m-{random.Next(next)}" : $"m-{next++}";
                var source = roll % 5 == 0 ? FrameSource.Router : FrameSource.Pull;
                frames.Add(roll >= 96 ? new TestFrame(Encoding.UTF8.GetBytes("{\"Id\":\"" + id + "\",broken"), source) : Frame(id, source));
            }
            batches.Add(Batch(frames));
        }
        return batches;
    }

    private static TestFrame Frame(string id, FrameSource source = FrameSource.Pull) => new(Encoding.UTF8.GetBytes(
        $$$"""{"Id":"{{{id}}}","Timestamp":"2025-12-01T17:09:21.123Z","SpeakerName":"claude_code","SpeakerRole":"Agent","Message":"Deploying {{{id}}} to staging; the integration tests passed and the rollback plan is ready.","ConversationType":0,"ContextId":"ctx-1","Metadata":{"run":"test"}}"""),
        source);

    private static InboundBatch Batch(IEnumerable<TestFrame> frames)
    {
        var batch = new InboundBatch();
        var n = 0;
        foreach (var frame in frames)
        {
            int routingOffset = -1, routingLength = 0;
            if (frame.Source == FrameSource.Router)
            {
                routingOffset = batch.Copy([0, 1, 2, (byte)n]);
                routingLength = 4;
            }
            var offset = batch.Copy(frame.Payload);
            batch.Add(new InboundFrame(offset, frame.Payload.Length, -1, 0, routingOffset, routingLength, false, frame.Source, ReceivedTicks + n++));
        }
        return batch;
    }

    /// <summary>Each frame of <paramref name="batch"/> as a batch of its own, with the same bytes, source and receive time.</summary>
    private static IEnumerable<InboundBatch> SplitIntoSingleFrames(InboundBatch batch)
    {
        foreach (var frame in batch.Frames)
        {
            var single = new InboundBatch();
            var routingOffset = frame.RoutingOffset < 0 ? -1 : single.Copy(batch.RoutingId(frame));
            var offset = single.Copy(batch.Payload(frame));
            single.Add(frame with { Offset = offset, RoutingOffset = routingOffset });
            yield return single;
        }
    }

    private static IEnumerable<LedgerRecord> Lines(CommitBatch output) =>
        Encoding.UTF8.GetString(output.JournalBytes.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(line), out var record, out var error) ? record : throw new Xunit.Sdk.XunitException(error));

    private sealed record TestFrame(byte[] Payload, FrameSource Source);

    private sealed record Counts(int Received, int Persisted, int Duplicates, int Rejected, long LastSequence);

    private sealed record Outcome(string Journal, string Rejected, string[] Acks, Counts Counts);
}
