using System.Collections.Concurrent;
using System.Text;
using Ledger.Core;
using Ledger.Core.Ingest;
using Ledger.Core.Journal;
using Ledger.Daemon.Hosting;
using Ledger.Daemon.Journal;
using Ledger.Daemon.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Daemon.Tests.Journal;

/// <summary>
/// <see cref="CommitLoop.TryCommitHere"/>, the commit the receive thread makes in the journal thread's place, on real
/// files: what it leaves to the journal thread, what it holds for the pace, and what it publishes; and the journal
/// thread's pace after a commit made there.
/// </summary>
public sealed class CommitLoopTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FaultyFileSystem _files = new();
    private readonly CommitHandoff _commits = new();
    private readonly ConcurrentQueue<CommitBatch> _freeCommits = new();
    private readonly IngestCounters _counters = new();
    private readonly List<(int Thread, int Count)> _acks = [];
    private JournalWriter? _writer;

    public void Dispose()
    {
        _writer?.Dispose();
        _commits.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void TryCommitHere_LoneMessage_DurableAndPublishedWithItsAckOnTheCallingThread()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 0);
        var batch = Batch(firstSequence: 1, count: 1);

        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(batch, out _));

        Assert.Equal(1, _writer!.LastDurableSequence);
        Assert.Equal(1, _counters.Persisted);
        Assert.Equal(1, _counters.Batches);
        Assert.Equal([(Environment.CurrentManagedThreadId, 1)], _acks);
        Assert.Equal(["m-1"], JournalIds());
        // Back in the pool, cleared, for the process side to fill again.
        Assert.True(_freeCommits.TryDequeue(out var free));
        Assert.Same(batch, free);
        Assert.Equal(0, free.JournalBytes.WrittenCount);
    }

    [Fact]
    public void TryCommitHere_BurstWithThePaceDue_CommittedHereWithEveryAck()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 1_000);

        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(Batch(firstSequence: 1, count: 3), out _));

        Assert.Equal(["m-1", "m-2", "m-3"], JournalIds());
        Assert.Equal([(Environment.CurrentManagedThreadId, 3)], _acks);
        Assert.Equal(3, _counters.Persisted);
    }

    [Fact]
    public void TryCommitHere_BatchAboveTheLimitHere_LeftToTheWriterUnwritten()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 0);
        var count = CommitLoop.MaxBytesHere / 20;
        var batch = Batch(firstSequence: 1, count: count);
        Assert.True(batch.JournalBytes.WrittenCount > CommitLoop.MaxBytesHere);

        // Its write and fsync would keep the receive thread's sockets unread for too long.
        Assert.Equal(CommitHereOutcome.LeftToWriter, loop.TryCommitHere(batch, out _));

        Assert.Equal(0, new FileInfo(_dir.Combine("current_session.jsonl")).Length);
        Assert.Empty(_acks);
    }

    [Fact]
    public async Task TryCommitHere_DiskFull_LeftToTheWriterWithNothingWrittenAndTheBatchIntact()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 0);
        var batch = Batch(firstSequence: 1, count: 1);
        var bytes = batch.JournalBytes.WrittenCount;
        _files.FailNextAppendAfterBytes = 10;

        Assert.Equal(CommitHereOutcome.LeftToWriter, loop.TryCommitHere(batch, out _));

        Assert.Equal(0, new FileInfo(_dir.Combine("current_session.jsonl")).Length);
        Assert.Equal(bytes, batch.JournalBytes.WrittenCount);
        Assert.Equal(0, _writer!.LastDurableSequence);
        Assert.Empty(_acks);
        Assert.Equal(0, _counters.Batches);
        // Left to the journal thread, which waits out the disk and then commits the very same batch once.
        Assert.True(_commits.Offer(batch));
        var writing = Task.Factory.StartNew(loop.Run, TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => _writer.LastDurableSequence == 1, TimeSpan.FromSeconds(10)), "the writer never committed the batch");
        _commits.Complete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m-1"], JournalIds());
    }

    [Fact]
    public void TryCommitHere_FsyncFails_ThrowsAndNeverCommitsAgain()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 0);
        _files.FailNextFlush = true;

        Assert.Throws<JournalFsyncException>(() => loop.TryCommitHere(Batch(firstSequence: 1, count: 1), out _));

        // A retried fsync can report success over lost data: nothing more is committed here, and nothing was acked.
        Assert.Equal(CommitHereOutcome.LeftToWriter, loop.TryCommitHere(Batch(firstSequence: 2, count: 1), out _));
        Assert.Empty(_acks);
        Assert.Equal(0, _writer!.LastDurableSequence);
    }

    [Fact]
    public async Task TryCommitHere_SoonerThanTheIntervalAfterTheWritersMultiMessageCommit_NotYetDueUntilTheIntervalEnds()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 1_000_000);
        var writing = Task.Factory.StartNew(loop.Run, TaskCreationOptions.LongRunning);
        Assert.True(_commits.Offer(Batch(firstSequence: 1, count: 2)));
        Assert.True(SpinWait.SpinUntil(() => _writer!.LastDurableSequence == 2 && _commits.IsWriterFree, TimeSpan.FromSeconds(10)), "the writer never committed");

        // Not before the rest of the second, and said so: the caller holds the batch until then.
        var batch = Batch(firstSequence: 3, count: 1);
        Assert.Equal(CommitHereOutcome.NotYetDue, loop.TryCommitHere(batch, out var dueIn));
        Assert.InRange(dueIn, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
        Assert.Equal(2, _writer!.LastDurableSequence);
        Thread.Sleep(dueIn + TimeSpan.FromMilliseconds(2)); // Sleep truncates to whole milliseconds
        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(batch, out _));
        _commits.Complete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m-1", "m-2", "m-3"], JournalIds());
    }

    [Fact]
    public void TryCommitHere_BeforeThePaceIsDue_OnlyABatchOfCommitAtOnceBytesIsCommitted()
    {
        // Lines of the test batches are 26 bytes (Sequence < 10): four of them reach 100, three do not.
        var loop = NewLoop(minCommitIntervalMicroseconds: 100_000_000, commitAtOnceBytes: 100);
        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(Batch(firstSequence: 1, count: 2), out _));

        var small = Batch(firstSequence: 3, count: 3);
        Assert.True(small.JournalBytes.WrittenCount < 100);
        Assert.Equal(CommitHereOutcome.NotYetDue, loop.TryCommitHere(small, out _));
        var large = Batch(firstSequence: 3, count: 4);
        Assert.True(large.JournalBytes.WrittenCount >= 100);
        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(large, out _));

        Assert.Equal(["m-1", "m-2", "m-3", "m-4", "m-5", "m-6"], JournalIds());
        Assert.Equal(6, _writer!.LastDurableSequence);
    }

    [Fact]
    public void TryCommitHere_BatchOfCommitAtOnceBytesWithoutAcks_HeldForThePace()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 100_000_000, commitAtOnceBytes: 100);
        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(Batch(firstSequence: 1, count: 2), out _));

        // Pushed messages: nobody waits for them, so the size does not matter.
        var pushed = Batch(firstSequence: 3, count: 4, acked: false);
        Assert.True(pushed.JournalBytes.WrittenCount >= 100);
        Assert.Equal(CommitHereOutcome.NotYetDue, loop.TryCommitHere(pushed, out _));

        Assert.Equal(2, _writer!.LastDurableSequence);
    }

    [Fact]
    public async Task Run_BatchOfCommitAtOnceBytesOfferedRightAfterACommit_CommittedWithoutWaitingOutTheInterval()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 100_000_000, commitAtOnceBytes: 100);
        var writing = StartWriterAfterABurstCommittedHere(loop);

        // A hundred seconds of pace left, but the batch is large enough not to wait for it.
        Assert.True(_commits.Offer(Batch(firstSequence: 3, count: 4)));

        Assert.True(SpinWait.SpinUntil(() => _writer!.LastDurableSequence == 6, TimeSpan.FromSeconds(10)), "the writer held a batch of CommitAtOnceBytes for the pace");
        _commits.Complete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _counters.Batches);
    }

    [Fact]
    public async Task Run_OfferedBatchGrowsToCommitAtOnceBytesWhileTheWriterPaces_CommittedWithoutWaitingOutTheInterval()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 100_000_000, commitAtOnceBytes: 100);
        var writing = StartWriterAfterABurstCommittedHere(loop);

        // One message, too small to skip the pace: the writer is woken for it, finds it not due and paces.
        Assert.True(_commits.Offer(Batch(firstSequence: 3, count: 1)));
        Assert.True(SpinWait.SpinUntil(() => _commits.IsWriterPacing, TimeSpan.FromSeconds(10)), "the writer never paced");
        // The process side takes it back and fills it on past CommitAtOnceBytes (as one batch of four here).
        Assert.NotNull(_commits.Reclaim());
        Assert.True(_commits.Offer(Batch(firstSequence: 3, count: 4)));

        Assert.True(SpinWait.SpinUntil(() => _writer!.LastDurableSequence == 6, TimeSpan.FromSeconds(10)), "the pacing writer held a batch of CommitAtOnceBytes for the pace");
        _commits.Complete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m-1", "m-2", "m-3", "m-4", "m-5", "m-6"], JournalIds());
    }

    [Fact]
    public async Task Run_FullBatchAddedWhileTheWriterPaces_CommittedWithoutWaitingOutTheInterval()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 100_000_000);
        var writing = StartWriterAfterABurstCommittedHere(loop);
        Assert.True(_commits.Offer(Batch(firstSequence: 3, count: 1, acked: false)));
        Assert.True(SpinWait.SpinUntil(() => _commits.IsWriterPacing, TimeSpan.FromSeconds(10)), "the writer never paced");

        // A full batch (a backlog, pushed: the size rule is not what lets it through) ends the pace.
        Assert.NotNull(_commits.Reclaim());
        Assert.True(_commits.AddFull(Batch(firstSequence: 3, count: 2, acked: false)));

        Assert.True(SpinWait.SpinUntil(() => _writer!.LastDurableSequence == 4, TimeSpan.FromSeconds(10)), "the pacing writer held a full batch for the pace");
        _commits.Complete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void TryCommitHere_AfterASingleMessageCommit_CommitsAtOnce()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 100_000);

        // A client waiting for each ack is not slowed down by the interval, on this path either.
        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(Batch(firstSequence: 1, count: 1), out _));
        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(Batch(firstSequence: 2, count: 1), out _));

        Assert.Equal(2, _writer!.LastDurableSequence);
    }

    [Fact]
    public async Task Run_BatchOfferedRightAfterABurstCommittedHere_WaitsOutTheInterval()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 300_000);
        var writing = StartWriterAfterABurstCommittedHere(loop);
        var committedHere = System.Diagnostics.Stopwatch.StartNew();

        // The waiting writer is woken for it, but the pace counts from the commit made here.
        Assert.True(_commits.Offer(Batch(firstSequence: 3, count: 2)));
        Assert.True(SpinWait.SpinUntil(() => _writer!.LastDurableSequence == 4, TimeSpan.FromSeconds(10)), "the writer never committed");

        Assert.True(committedHere.Elapsed >= TimeSpan.FromMilliseconds(250), $"committed {committedHere.Elapsed.TotalMilliseconds:F0} ms after the last commit, inside the 300 ms interval");
        _commits.Complete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m-1", "m-2", "m-3", "m-4"], JournalIds());
    }

    [Fact]
    public async Task Run_BatchTakenBackWhileTheWriterPaces_CommittedHereOnceAndTheWriterWaitsAgain()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 300_000);
        var writing = StartWriterAfterABurstCommittedHere(loop);
        Assert.True(_commits.Offer(Batch(firstSequence: 3, count: 1)));

        // Once the writer woke for it and paces, the process side may take it back (to fill it, or to commit it).
        CommitBatch? taken = null;
        Assert.True(SpinWait.SpinUntil(() => (taken = _commits.Reclaim()) is not null, TimeSpan.FromSeconds(10)), "the offered batch was never released");
        Assert.True(_commits.IsWriterFree);
        Assert.Equal(CommitHereOutcome.NotYetDue, loop.TryCommitHere(taken!, out var dueIn));
        Thread.Sleep(dueIn + TimeSpan.FromMilliseconds(2)); // Sleep truncates to whole milliseconds
        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(taken!, out _));

        // The writer found nothing left to take and waits again, free; the next batch is its own.
        Assert.True(SpinWait.SpinUntil(() => _commits.IsWriterWaiting, TimeSpan.FromSeconds(10)), "the writer did not wait again");
        Assert.True(_commits.Offer(Batch(firstSequence: 4, count: 1)));
        Assert.True(SpinWait.SpinUntil(() => _writer!.LastDurableSequence == 4, TimeSpan.FromSeconds(10)), "the writer never committed");
        _commits.Complete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m-1", "m-2", "m-3", "m-4"], JournalIds());
        Assert.Equal(3, _counters.Batches);
    }

    /// <summary>Starts the journal thread and, once it is free, commits a burst of two (m-1, m-2) here: the pace runs from now.</summary>
    private Task StartWriterAfterABurstCommittedHere(CommitLoop loop)
    {
        var writing = Task.Factory.StartNew(loop.Run, TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => _commits.IsWriterFree, TimeSpan.FromSeconds(10)), "the writer never became ready");
        Assert.Equal(CommitHereOutcome.Committed, loop.TryCommitHere(Batch(firstSequence: 1, count: 2), out _));
        return writing;
    }

    private CommitLoop NewLoop(int minCommitIntervalMicroseconds, int commitAtOnceBytes = 16 << 10)
    {
        var layout = new DataDirectoryLayout(_dir.Path);
        _writer = new JournalWriter(layout, _files, lastDurableSequence: 0);
        var options = new JournalOptions { MinCommitIntervalMicroseconds = minCommitIntervalMicroseconds, CommitAtOnceBytes = commitAtOnceBytes };
        return new CommitLoop(_commits, _freeCommits, _writer, new object(), options, _counters,
            acks => _acks.Add((Environment.CurrentManagedThreadId, acks.Count)), layout.Rejected, NullLogger.Instance);
    }

    /// <summary>A processed batch as the process side hands it over: journal lines, counts, and (<paramref name="acked"/>) an ack per message.</summary>
    private static CommitBatch Batch(long firstSequence, int count, bool acked = true)
    {
        var batch = new CommitBatch();
        for (var sequence = firstSequence; sequence < firstSequence + count; sequence++)
        {
            var id = $"m-{sequence}";
            batch.JournalBytes.Write(Encoding.UTF8.GetBytes($"{{\"Id\":\"{id}\",\"Sequence\":{sequence}}}\n"));
            if (acked)
            {
                batch.Acks.Add("peer"u8, replyWithDelimiter: false, Encoding.UTF8.GetBytes($"{{\"Id\":\"{id}\""), sequence, AckStatus.Stored);
            }
        }
        batch.LastSequence = firstSequence + count - 1;
        batch.Received = count;
        batch.Persisted = count;
        batch.PersistedBySource[(int)(acked ? FrameSource.Router : FrameSource.Pull)] = count;
        return batch;
    }

    private List<string> JournalIds() =>
        File.ReadAllLines(_dir.Combine("current_session.jsonl")).Select(line => line[7..line.IndexOf('"', 7)]).ToList();
}
