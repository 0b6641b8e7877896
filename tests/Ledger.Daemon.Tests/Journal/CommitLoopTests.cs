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
/// files: what it leaves to the journal thread, and what it publishes.
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

        Assert.True(loop.TryCommitHere(batch));

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
    public void TryCommitHere_BatchOfSeveralFrames_LeavesItToTheWriter()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 0);

        // A stream: its commits are the writer's to pace.
        Assert.False(loop.TryCommitHere(Batch(firstSequence: 1, count: 2)));

        Assert.Equal(0, new FileInfo(_dir.Combine("current_session.jsonl")).Length);
        Assert.Empty(_acks);
    }

    [Fact]
    public async Task TryCommitHere_DiskFull_ReturnsFalseWithNothingWrittenAndTheBatchIntactForTheWriter()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 0);
        var batch = Batch(firstSequence: 1, count: 1);
        var bytes = batch.JournalBytes.WrittenCount;
        _files.FailNextAppendAfterBytes = 10;

        Assert.False(loop.TryCommitHere(batch));

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

        Assert.Throws<JournalFsyncException>(() => loop.TryCommitHere(Batch(firstSequence: 1, count: 1)));

        // A retried fsync can report success over lost data: nothing more is committed here, and nothing was acked.
        Assert.False(loop.TryCommitHere(Batch(firstSequence: 2, count: 1)));
        Assert.Empty(_acks);
        Assert.Equal(0, _writer!.LastDurableSequence);
    }

    [Fact]
    public async Task TryCommitHere_SoonerThanTheIntervalAfterTheWritersMultiMessageCommit_LeavesItToTheWriter()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 1_000_000);
        var writing = Task.Factory.StartNew(loop.Run, TaskCreationOptions.LongRunning);
        Assert.True(_commits.Offer(Batch(firstSequence: 1, count: 2)));
        Assert.True(SpinWait.SpinUntil(() => _writer!.LastDurableSequence == 2 && _commits.IsWriterFree, TimeSpan.FromSeconds(10)), "the writer never committed");

        // The writer waits out the rest of the second before its next commit, and a lone message here waits for it too.
        Assert.False(loop.TryCommitHere(Batch(firstSequence: 3, count: 1)));
        Thread.Sleep(1_100);
        Assert.True(loop.TryCommitHere(Batch(firstSequence: 3, count: 1)));
        _commits.Complete();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m-1", "m-2", "m-3"], JournalIds());
    }

    [Fact]
    public void TryCommitHere_AfterASingleMessageCommit_CommitsAtOnce()
    {
        var loop = NewLoop(minCommitIntervalMicroseconds: 100_000);

        // A client waiting for each ack is not slowed down by the interval, on this path either.
        Assert.True(loop.TryCommitHere(Batch(firstSequence: 1, count: 1)));
        Assert.True(loop.TryCommitHere(Batch(firstSequence: 2, count: 1)));

        Assert.Equal(2, _writer!.LastDurableSequence);
    }

    private CommitLoop NewLoop(int minCommitIntervalMicroseconds)
    {
        var layout = new DataDirectoryLayout(_dir.Path);
        _writer = new JournalWriter(layout, _files, lastDurableSequence: 0);
        var options = new JournalOptions { MinCommitIntervalMicroseconds = minCommitIntervalMicroseconds };
        return new CommitLoop(_commits, _freeCommits, _writer, new object(), options, _counters,
            acks => _acks.Add((Environment.CurrentManagedThreadId, acks.Count)), layout.Rejected, NullLogger.Instance);
    }

    /// <summary>A processed batch as the process side hands it over: journal lines, counts, and an ack per message.</summary>
    private static CommitBatch Batch(long firstSequence, int count)
    {
        var batch = new CommitBatch();
        for (var sequence = firstSequence; sequence < firstSequence + count; sequence++)
        {
            var id = $"m-{sequence}";
            batch.JournalBytes.Write(Encoding.UTF8.GetBytes($"{{\"Id\":\"{id}\",\"Sequence\":{sequence}}}\n"));
            batch.Acks.Add("peer"u8, replyWithDelimiter: false, Encoding.UTF8.GetBytes($"{{\"Id\":\"{id}\""), sequence, AckStatus.Stored);
        }
        batch.LastSequence = firstSequence + count - 1;
        batch.Received = count;
        batch.Persisted = count;
        batch.PersistedBySource[(int)FrameSource.Router] = count;
        return batch;
    }

    private List<string> JournalIds() =>
        File.ReadAllLines(_dir.Combine("current_session.jsonl")).Select(line => line[7..line.IndexOf('"', 7)]).ToList();
}
