using System.Text;
using Ledger.Core.Ingest;
using Ledger.Daemon.Journal;

namespace Ledger.Daemon.Tests.Journal;

public sealed class CommitHandoffTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static CommitBatch Batch(long lastSequence) => new() { LastSequence = lastSequence };

    private static Task<CommitBatch?> TakeAsync(CommitHandoff handoff) =>
        Task.Factory.StartNew(() => Take(handoff, out var batch) ? batch : null, TaskCreationOptions.LongRunning);

    private static void WaitForWriter(CommitHandoff handoff) =>
        Assert.True(SpinWait.SpinUntil(() => handoff.IsWriterWaiting, Timeout), "the writer never waited");

    [Fact]
    public void Take_OfferedBeforeThePaceIsDue_NotDueAndTheBatchStaysReclaimable()
    {
        using var handoff = new CommitHandoff();
        var offered = Batch(1);
        Assert.True(handoff.Offer(offered));

        Assert.Equal(CommitTake.NotDue, handoff.Take(_ => false, out _));

        // The writer paces now, not waiting: the process side may take the batch back and fill it on.
        Assert.False(handoff.IsWriterWaiting);
        Assert.Same(offered, handoff.Reclaim());
    }

    [Fact]
    public void Take_OfferedBatch_TheDueCheckIsAskedAboutThatBatch()
    {
        using var handoff = new CommitHandoff();
        var offered = Batch(1);
        Assert.True(handoff.Offer(offered));
        CommitBatch? asked = null;

        // The writer decides by the batch itself too (a large one does not wait for the pace).
        Assert.Equal(CommitTake.Taken, handoff.Take(batch => (asked = batch) == offered, out var taken));

        Assert.Same(offered, asked);
        Assert.Same(offered, taken);
    }

    [Fact]
    public void Take_FullBatchBeforeThePaceIsDue_TakenAtOnce()
    {
        using var handoff = new CommitHandoff();
        var full = Batch(1);
        Assert.True(handoff.AddFull(full));

        // A backlog is never held for the pace.
        Assert.Equal(CommitTake.Taken, handoff.Take(_ => false, out var taken));
        Assert.Same(full, taken);
    }

    [Fact]
    public async Task Take_WokenForAnOfferWithThePaceDue_TakesItBeforeItCanBeTakenBack()
    {
        using var handoff = new CommitHandoff();
        var paceAsked = 0;
        var taking = Task.Factory.StartNew(() => handoff.Take(_ => Interlocked.Increment(ref paceAsked) > 0, out var batch) == CommitTake.Taken ? batch : null,
            TaskCreationOptions.LongRunning);
        WaitForWriter(handoff);
        var offered = Batch(1);

        Assert.True(handoff.Offer(offered));

        Assert.Null(handoff.Reclaim());
        Assert.Same(offered, await taking.WaitAsync(Timeout));
        Assert.Equal(1, paceAsked);
    }

    [Fact]
    public void Take_CompletedWithAnOfferBeforeThePaceIsDue_TakenToDrainThenCompleted()
    {
        using var handoff = new CommitHandoff();
        Assert.True(handoff.Offer(Batch(1)));
        handoff.Complete();

        Assert.Equal(CommitTake.Taken, handoff.Take(_ => false, out _));
        Assert.Equal(CommitTake.Completed, handoff.Take(_ => false, out _));
    }

    [Fact]
    public async Task WaitOutPace_OfferLargeEnoughNotToWait_EndsTheWaitEarly()
    {
        using var handoff = new CommitHandoff();
        var small = Batch(1);
        var large = Batch(2);
        Assert.True(handoff.Offer(small));
        Assert.Equal(CommitTake.NotDue, handoff.Take(_ => false, out _));
        var pacing = Task.Factory.StartNew(() => handoff.WaitOutPace(TimeSpan.FromMinutes(10), batch => batch == large), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => handoff.IsWriterPacing, Timeout), "the writer never paced");

        // Taken back and offered again, still too small to skip the pace: the writer sleeps on.
        Assert.Same(small, handoff.Reclaim());
        Assert.True(handoff.Offer(small));
        await Task.Delay(100);
        Assert.False(pacing.IsCompleted, "an offer that must wait for the pace woke the writer");

        // Filled on until it need not wait (here: another batch the check says so of).
        Assert.Same(small, handoff.Reclaim());
        Assert.True(handoff.Offer(large));
        await pacing.WaitAsync(Timeout);
        Assert.False(handoff.IsWriterPacing);
        Assert.Equal(CommitTake.Taken, handoff.Take(batch => batch == large, out var taken));
        Assert.Same(large, taken);
    }

    [Fact]
    public async Task WaitOutPace_FullBatchAdded_EndsTheWaitEarly()
    {
        using var handoff = new CommitHandoff();
        var pacing = Task.Factory.StartNew(() => handoff.WaitOutPace(TimeSpan.FromMinutes(10), _ => false), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => handoff.IsWriterPacing, Timeout), "the writer never paced");

        // A backlog is not held for the pace.
        Assert.True(handoff.AddFull(Batch(1)));

        await pacing.WaitAsync(Timeout);
    }

    [Fact]
    public async Task WaitOutPace_Completed_EndsTheWaitEarly()
    {
        using var handoff = new CommitHandoff();
        var pacing = Task.Factory.StartNew(() => handoff.WaitOutPace(TimeSpan.FromMinutes(10), _ => false), TaskCreationOptions.LongRunning);
        Assert.True(SpinWait.SpinUntil(() => handoff.IsWriterPacing, Timeout), "the writer never paced");

        handoff.Complete();

        await pacing.WaitAsync(Timeout);
    }

    [Fact]
    public void WaitOutPace_FullBatchAlreadyWaiting_ReturnsWithoutPacing()
    {
        using var handoff = new CommitHandoff();
        Assert.True(handoff.AddFull(Batch(1)));

        // Ten minutes of pace left: returning at all says it did not wait (the test would time out).
        handoff.WaitOutPace(TimeSpan.FromMinutes(10), _ => false);

        Assert.False(handoff.IsWriterPacing);
    }

    [Fact]
    public void WaitOutPace_NothingArrives_ReturnsOnceThePaceIsDue()
    {
        using var handoff = new CommitHandoff();
        var waited = System.Diagnostics.Stopwatch.StartNew();

        handoff.WaitOutPace(TimeSpan.FromMilliseconds(50), _ => true);

        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(50), $"returned after {waited.Elapsed.TotalMilliseconds:F1} ms, before the pace was due");
        Assert.False(handoff.IsWriterPacing);
    }

    [Fact]
    public void CanHandOverAtOnce_FullBatchWaiting_FalseUntilTheWriterTakesIt()
    {
        using var handoff = new CommitHandoff();
        Assert.True(handoff.CanHandOverAtOnce);

        Assert.True(handoff.AddFull(Batch(1)));
        Assert.False(handoff.CanHandOverAtOnce);

        Assert.True(handoff.TryTake(out _));
        Assert.True(handoff.CanHandOverAtOnce);
    }

    [Fact]
    public void CanHandOverAtOnce_OfferedWhileTheWriterIsBusy_TrueSinceItCanBeTakenBack()
    {
        using var handoff = new CommitHandoff();
        Assert.True(handoff.Offer(Batch(1)));

        Assert.True(handoff.CanHandOverAtOnce);
        Assert.NotNull(handoff.Reclaim());
    }

    [Fact]
    public void Reclaim_WriterBusy_ReturnsTheOfferedBatchToKeepFilling()
    {
        using var handoff = new CommitHandoff();
        var offered = Batch(1);

        Assert.True(handoff.Offer(offered));

        Assert.Same(offered, handoff.Reclaim());
        Assert.Null(handoff.Reclaim());
        Assert.False(handoff.TryTake(out _));
    }

    [Fact]
    public async Task Reclaim_WriterWaiting_ReturnsNullAndTheWriterGetsTheBatch()
    {
        using var handoff = new CommitHandoff();
        var taking = TakeAsync(handoff);
        WaitForWriter(handoff);
        var offered = Batch(1);

        handoff.Offer(offered);
        var reclaimed = handoff.Reclaim();

        Assert.Null(reclaimed);
        Assert.Same(offered, await taking.WaitAsync(Timeout));
    }

    [Fact]
    public void Take_FullAndOffered_FullFirst()
    {
        using var handoff = new CommitHandoff();
        var full = Batch(10);
        var offered = Batch(12);
        handoff.AddFull(full);
        handoff.Offer(offered);

        Assert.True(Take(handoff, out var first));
        Assert.True(Take(handoff, out var second));

        Assert.Same(full, first);
        Assert.Same(offered, second);
    }

    [Fact]
    public async Task Offer_OlderOfferPromisedToWaitingWriter_WaitsUntilTakenAndKeepsOrder()
    {
        using var handoff = new CommitHandoff();
        var older = Batch(1);
        var newer = Batch(2);
        // The writer is woken for `older`, so the process thread cannot take it back and fills `newer` instead.
        var firstTake = TakeAsync(handoff);
        WaitForWriter(handoff);
        handoff.Offer(older);
        Assert.Null(handoff.Reclaim());

        Assert.Same(older, await firstTake.WaitAsync(Timeout));
        var offering = Task.Factory.StartNew(() => handoff.Offer(newer), TaskCreationOptions.LongRunning);
        Assert.True(await offering.WaitAsync(Timeout));

        Assert.True(Take(handoff, out var second));
        Assert.Same(newer, second);
    }

    [Fact]
    public async Task AddFull_OfferedBatchPending_WaitsForTheWriterToTakeTheOlderOne()
    {
        using var handoff = new CommitHandoff();
        var older = Batch(1);
        var full = Batch(2);
        handoff.Offer(older);

        var adding = Task.Factory.StartNew(() => handoff.AddFull(full), TaskCreationOptions.LongRunning);

        await Task.Delay(200);
        Assert.False(adding.IsCompleted);
        Assert.True(Take(handoff, out var first));
        Assert.True(await adding.WaitAsync(Timeout));
        Assert.True(Take(handoff, out var second));
        Assert.Same(older, first);
        Assert.Same(full, second);
    }

    [Fact]
    public async Task AddFull_FullSlotTaken_WaitsUntilTheWriterTakesIt()
    {
        using var handoff = new CommitHandoff();
        var first = Batch(1);
        var second = Batch(2);
        handoff.AddFull(first);

        var adding = Task.Factory.StartNew(() => handoff.AddFull(second), TaskCreationOptions.LongRunning);

        await Task.Delay(200);
        Assert.False(adding.IsCompleted);
        Assert.True(Take(handoff, out var taken));
        Assert.Same(first, taken);
        Assert.True(await adding.WaitAsync(Timeout));
        Assert.True(Take(handoff, out taken));
        Assert.Same(second, taken);
    }

    [Fact]
    public void IsWriterFree_BeforeTheWriterIsReady_False()
    {
        using var handoff = new CommitHandoff();

        // The writer syncs the files first: until it releases, no one may commit in its place.
        Assert.False(handoff.IsWriterFree);
        handoff.Release();
        Assert.True(handoff.IsWriterFree);
    }

    [Fact]
    public async Task IsWriterFree_WriterTookABatch_FalseUntilItReleasesIt()
    {
        using var handoff = new CommitHandoff();
        handoff.Release();
        var taking = TakeAsync(handoff);
        WaitForWriter(handoff);
        Assert.True(handoff.IsWriterFree);

        handoff.Offer(Batch(1));
        Assert.NotNull(await taking.WaitAsync(Timeout));

        // Taken but not yet durable: a commit elsewhere now could overtake it.
        Assert.False(handoff.IsWriterFree);
        handoff.Release();
        Assert.True(handoff.IsWriterFree);
    }

    [Fact]
    public void IsWriterFree_BatchWaitingForTheWriter_False()
    {
        using var handoff = new CommitHandoff();
        handoff.Release();

        handoff.Offer(Batch(1));
        Assert.False(handoff.IsWriterFree);
        Assert.NotNull(handoff.Reclaim());
        Assert.True(handoff.IsWriterFree);

        handoff.AddFull(Batch(2));
        Assert.False(handoff.IsWriterFree);
        Assert.True(handoff.TryTake(out _));
        handoff.Release();
        Assert.True(handoff.IsWriterFree);

        handoff.Complete();
        Assert.False(handoff.IsWriterFree);
    }

    [Fact]
    public void Complete_BatchesLeft_WriterDrainsThemThenSeesTheEnd()
    {
        using var handoff = new CommitHandoff();
        handoff.AddFull(Batch(1));
        handoff.Offer(Batch(2));

        handoff.Complete();

        Assert.True(Take(handoff, out var first));
        Assert.True(Take(handoff, out var second));
        Assert.Equal([1, 2], new[] { first.LastSequence, second.LastSequence });
        Assert.False(Take(handoff, out _));
        Assert.False(handoff.Offer(Batch(3)));
        Assert.False(handoff.AddFull(Batch(4)));
    }

    [Fact]
    public async Task Complete_WriterWaiting_WakesItWithTheEnd()
    {
        using var handoff = new CommitHandoff();
        var taking = TakeAsync(handoff);
        WaitForWriter(handoff);

        handoff.Complete();

        Assert.Null(await taking.WaitAsync(Timeout));
    }

    [Fact]
    public async Task OfferAndReclaim_ConcurrentProcessAndWriter_EveryBatchOnceInOrder()
    {
        // The process thread's loop in miniature: reclaim or start a batch, "fill" it, offer it or hand it over
        // full; the writer takes whatever comes. Sequences must arrive strictly increasing with none lost.
        using var handoff = new CommitHandoff();
        const int Messages = 200_000;
        var seen = new List<long>();
        var writer = Task.Factory.StartNew(() =>
        {
            while (Take(handoff, out var batch))
            {
                lock (seen)
                {
                    seen.AddRange(Encoding.ASCII.GetString(batch.JournalBytes.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse));
                }
            }
        }, TaskCreationOptions.LongRunning);
        CommitBatch? current = null;
        for (long sequence = 1; sequence <= Messages; sequence++)
        {
            current ??= handoff.Reclaim() ?? new CommitBatch();
            current.JournalBytes.Write(Encoding.ASCII.GetBytes($"{sequence}\n"));
            if (++current.Received >= 64)
            {
                handoff.AddFull(current);
                current = null;
            }
            else if (sequence % 3 == 0)
            {
                handoff.Offer(current);
                current = null;
            }
        }
        if (current is not null)
        {
            handoff.Offer(current);
        }
        handoff.Complete();

        await writer.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(1, Messages).Select(i => (long)i), seen);
    }

    /// <summary>What the journal thread does, with its pace always due: waits for a batch and takes the oldest.</summary>
    private static bool Take(CommitHandoff handoff, out CommitBatch batch) => handoff.Take(_ => true, out batch) == CommitTake.Taken;
}
