using System.Collections.Concurrent;
using System.Text;
using Ledger.Core.Enrichment;
using Ledger.Core.Ingest;
using Ledger.Core.Journal;
using Ledger.Core.Records;
using Ledger.Daemon.Hosting;
using Ledger.Daemon.Journal;
using Ledger.Daemon.Options;
using Ledger.Daemon.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Daemon.Tests.Journal;

public sealed class JournalPipelineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Submit_SmallBatchesInlineAndLargeOnesQueued_JournalKeepsSubmissionOrder()
    {
        var lifetime = new StopRecorder();
        using var pipeline = NewPipeline(lifetime);
        pipeline.Start();
        pipeline.WarmUpSubmitter();

        // Sizes around the inline limit (64 frames). A large batch keeps the process thread busy, so the small ones
        // right after it queue behind it; after a pause the process thread waits idle and a small one is processed
        // by this thread. Both paths must have run, and the journal must hold every message in submission order.
        int[] sizes = [1, 3, 200, 1, 2, 64, 65, 5, 1, 130, 7, 1];
        var next = 0;
        for (var round = 0; round < 12; round++)
        {
            foreach (var size in sizes)
            {
                Assert.True(pipeline.Submit(Batch(next, size)));
                next += size;
            }
            Thread.Sleep(30);
            Assert.True(pipeline.Submit(Batch(next, 1)));
            next++;
            Thread.Sleep(30);
        }
        await pipeline.DrainAsync(CancellationToken.None);

        Assert.Null(lifetime.Stopped);
        Assert.True(pipeline.BatchesProcessedBySubmitter > 0, "no batch was processed by the submitting thread");
        Assert.True(pipeline.BatchesProcessedBySubmitter < 12 * (sizes.Length + 1), "every batch was processed by the submitting thread");
        // After each pause the journal thread is free too, and the lone message is committed where it was processed.
        Assert.True(pipeline.BatchesCommittedBySubmitter > 0, "no batch was committed by the submitting thread");
        var records = Records(_dir.Combine("current_session.jsonl"));
        Assert.Equal(next, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(($"m-{i}", i + 1L), (records[i].Id, records[i].Sequence));
        }
    }

    [Fact]
    public async Task Submit_LoneAckedMessageWhileTheJournalThreadIsFree_DurableAndAckedBeforeSubmitReturns()
    {
        using var pipeline = NewPipeline(new StopRecorder());
        var acks = new ConcurrentQueue<(int Thread, string Payload)>();
        pipeline.AckSink = frames =>
        {
            for (var i = 0; i < frames.Count; i++)
            {
                acks.Enqueue((Environment.CurrentManagedThreadId, Encoding.UTF8.GetString(frames.Payload(i))));
            }
        };
        pipeline.Start();
        pipeline.WarmUpSubmitter();

        // The first messages may find the process thread warming up or the journal thread not ready yet, and go the
        // usual way; once both are idle, a lone message is committed by the thread that submits it.
        for (var id = 0; id < 200; id++)
        {
            var committedHere = pipeline.BatchesCommittedBySubmitter;
            Assert.True(pipeline.Submit(RouterBatch(id)));
            if (pipeline.BatchesCommittedBySubmitter == committedHere)
            {
                Thread.Sleep(20);
                continue;
            }
            Assert.Equal(id + 1, pipeline.LastDurableSequence);
            Assert.Contains(acks, ack => ack.Thread == Environment.CurrentManagedThreadId && ack.Payload.Contains($"\"Id\":\"m-{id}\",\"Sequence\":{id + 1},\"Status\":\"stored\"", StringComparison.Ordinal));
            await pipeline.DrainAsync(CancellationToken.None);
            var records = Records(_dir.Combine("current_session.jsonl"));
            Assert.Equal(Enumerable.Range(0, id + 1).Select(i => $"m-{i}"), records.Select(r => r.Id));
            Assert.Equal(id + 1, acks.Count);
            return;
        }
        Assert.Fail("no lone message was committed by the submitting thread");
    }

    [Fact]
    public async Task Submit_BeforeTheProcessThreadWarmedUp_QueuesAndLosesNothing()
    {
        using var pipeline = NewPipeline(new StopRecorder());
        pipeline.Start();

        // Right after Start the process thread is still warming up (holding the gate): nothing is processed inline.
        Assert.True(pipeline.Submit(Batch(0, 1)));
        await pipeline.DrainAsync(CancellationToken.None);

        var records = Records(_dir.Combine("current_session.jsonl"));
        Assert.Equal(("m-0", 1L), (Assert.Single(records).Id, records[0].Sequence));
    }

    [Fact]
    public async Task CommitHeld_BurstSoonerThanTheIntervalAfterTheLastCommit_HeldThenCommittedOnTheSubmittingThreadWhenDue()
    {
        using var pipeline = NewPipeline(new StopRecorder(), minCommitIntervalMicroseconds: 200_000);
        var (next, committedHere, dueIn) = StartWithTwoMessagesHeld(pipeline);

        Assert.InRange(dueIn, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(200));
        Assert.Equal(next, pipeline.LastDurableSequence);

        Thread.Sleep(dueIn + TimeSpan.FromMilliseconds(2)); // Sleep truncates to whole milliseconds
        Assert.Equal(Timeout.InfiniteTimeSpan, pipeline.CommitHeld());
        Assert.Equal(next + 2, pipeline.LastDurableSequence);
        Assert.Equal(committedHere + 1, pipeline.BatchesCommittedBySubmitter);
        await pipeline.DrainAsync(CancellationToken.None);
        AssertJournalInOrder(next + 2);
    }

    [Fact]
    public async Task CommitHeld_ProcessThreadTookTheHeldBatchOver_NothingHeldAndTheJournalKeepsOrder()
    {
        using var pipeline = NewPipeline(new StopRecorder(), minCommitIntervalMicroseconds: 200_000);
        var (next, _, _) = StartWithTwoMessagesHeld(pipeline);

        // A batch too large to process here goes to the process thread, which fills the held batch on and offers it.
        Assert.True(pipeline.Submit(Batch(next + 2, 100)));
        Assert.True(SpinWait.SpinUntil(() => pipeline.LastDurableSequence == next + 102, TimeSpan.FromSeconds(10)), "the journal thread never committed it");
        Assert.Equal(Timeout.InfiniteTimeSpan, pipeline.CommitHeld());
        await pipeline.DrainAsync(CancellationToken.None);
        AssertJournalInOrder(next + 102);
    }

    [Fact]
    public async Task DrainAsync_BatchHeldForThePace_CommittedBeforeTheJournalCloses()
    {
        using var pipeline = NewPipeline(new StopRecorder(), minCommitIntervalMicroseconds: 100_000);
        var (next, _, _) = StartWithTwoMessagesHeld(pipeline);

        // The receive thread stops without committing what it held (a shutdown): the drain hands it to the journal.
        await pipeline.DrainAsync(CancellationToken.None);

        Assert.Equal(next + 2, pipeline.LastDurableSequence);
        AssertJournalInOrder(next + 2);
    }

    /// <summary>
    /// Starts the pipeline, has the submitting thread commit a burst (the pace starts), then submits two messages,
    /// which are processed here but held, not offered: the next free Id, the submitter's commits before them, and how
    /// long until they are due.
    /// </summary>
    private static (int Next, long CommittedHere, TimeSpan DueIn) StartWithTwoMessagesHeld(JournalPipeline pipeline)
    {
        pipeline.Start();
        pipeline.WarmUpSubmitter();
        var next = CommitBurstHere(pipeline);
        var committedHere = pipeline.BatchesCommittedBySubmitter;
        Assert.True(pipeline.Submit(Batch(next, 2)));
        var dueIn = pipeline.CommitHeld();
        Assert.NotEqual(Timeout.InfiniteTimeSpan, dueIn);
        return (next, committedHere, dueIn);
    }

    private void AssertJournalInOrder(int count) =>
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m-{i}"), Records(_dir.Combine("current_session.jsonl")).Select(r => r.Id));

    /// <summary>Submits bursts of 3 until one is committed by the submitting thread (once the threads are warm and idle); the next free Id.</summary>
    private static int CommitBurstHere(JournalPipeline pipeline)
    {
        var next = 0;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var committedHere = pipeline.BatchesCommittedBySubmitter;
            Assert.True(pipeline.Submit(Batch(next, 3)));
            next += 3;
            if (pipeline.BatchesCommittedBySubmitter > committedHere && pipeline.LastDurableSequence == next)
            {
                return next;
            }
            // Held for the pace, or gone the usual way while a thread was still warming up: let it be committed,
            // then wait out the pace that commit started.
            Thread.Sleep(250);
            pipeline.CommitHeld();
            Thread.Sleep(250);
        }
        throw new Xunit.Sdk.XunitException("no burst was committed by the submitting thread");
    }

    private JournalPipeline NewPipeline(StopRecorder lifetime, int minCommitIntervalMicroseconds = 1_000) => new(
        Microsoft.Extensions.Options.Options.Create(new LedgerOptions { DataDirectory = _dir.Path }),
        Microsoft.Extensions.Options.Options.Create(new JournalOptions { DedupWindow = 10_000, MinCommitIntervalMicroseconds = minCommitIntervalMicroseconds }),
        new IngestCounters(),
        new FatalErrorSignal(lifetime),
        NullLogger<JournalPipeline>.Instance,
        new MessageDecoder(),
        new MetadataEnricher(EnrichmentRules.Load(Path.Combine(RepoPaths.Root, "config", "enrichment.json"))),
        TimeProvider.System,
        PhysicalJournalFileSystem.Instance);

    private static InboundBatch Batch(int firstId, int count)
    {
        var batch = new InboundBatch();
        for (var i = 0; i < count; i++)
        {
            var payload = Encoding.UTF8.GetBytes(
                $$$"""{"Id":"m-{{{firstId + i}}}","SpeakerName":"planner","SpeakerRole":"Agent","Message":"Step {{{firstId + i}}}: the build passed, deploying to staging next."}""");
            var offset = batch.Copy(payload);
            batch.Add(new InboundFrame(offset, payload.Length, -1, 0, -1, 0, false, FrameSource.Pull, DateTime.UtcNow.Ticks));
        }
        return batch;
    }

    /// <summary>One acked message, as the receive thread reads it off the ROUTER: [routing id, json].</summary>
    private static InboundBatch RouterBatch(int id)
    {
        var batch = new InboundBatch();
        var routingId = batch.Copy("peer-1"u8);
        var payload = Encoding.UTF8.GetBytes($$$"""{"Id":"m-{{{id}}}","SpeakerName":"planner","SpeakerRole":"Agent","Message":"Step {{{id}}}: waiting for the ack before the next step."}""");
        var offset = batch.Copy(payload);
        batch.Add(new InboundFrame(offset, payload.Length, -1, 0, routingId, 6, false, FrameSource.Router, DateTime.UtcNow.Ticks));
        return batch;
    }

    private static List<LedgerRecord> Records(string journal) =>
        File.ReadAllLines(journal)
            .Select(line => LedgerRecordJson.TryParse(Encoding.UTF8.GetBytes(line), out var record, out var error) ? record : throw new Xunit.Sdk.XunitException(error))
            .ToList();

    /// <summary>The host's lifetime as the fatal signal sees it: records a stop request (a fatal error) instead of stopping a host.</summary>
    private sealed class StopRecorder : IHostApplicationLifetime
    {
        public string? Stopped { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped = Environment.StackTrace;
    }
}
