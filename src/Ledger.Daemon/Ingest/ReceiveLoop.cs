using Ledger.Core.Ingest;
using Ledger.Daemon.Hosting;
using Ledger.Daemon.Options;
using Ledger.Zmq;

namespace Ledger.Daemon.Ingest;

/// <summary>
/// The one thread that owns every ingest socket: PULL (bound), SUB (connected to each broker) and ROUTER (bound,
/// acked). It waits for them and for the ack wake-up, drains each burst with DONTWAIT into one
/// <see cref="InboundBatch"/>, and hands the batch to the journal pipeline.
/// </summary>
/// <remarks>
/// Sockets are not thread-safe, so acks made durable on the journal thread come back here as bytes
/// (<see cref="AckFrames"/>) plus a <see cref="WakeSignal"/>, and are sent on the ROUTER by this thread only. A
/// batch this thread committed itself while handing it over (the journal thread was free) has its acks sent before
/// the loop waits again, without the wake-up; so has a batch it holds for the commit pace and commits when that is due
/// (its waits end then).
/// </remarks>
internal sealed class ReceiveLoop
{
    private readonly ZmqContext _context;
    private readonly IngestOptions _options;
    private readonly IngestCounters _counters;
    private readonly Func<InboundBatch> _rentBatch;
    private readonly Action<InboundBatch> _handOver;
    private readonly Func<TimeSpan> _commitHeld;
    // Acks made durable, handed over by the journal thread under _ackLock; this thread swaps the two and sends.
    private readonly object _ackLock = new();
    private AckFrames _pendingAcks = new();
    private AckFrames _sendingAcks = new();
    private readonly WakeSignal _ackWake;
    // Acks queued by this loop's own thread (a commit made while it handed a batch over): sent before it waits again, no wake-up.
    private int _loopThreadId;
    private bool _acksQueuedHere;

    private readonly CurveServer? _curve;
    private readonly Action _warmUp;

    /// <param name="context">The context the sockets are made in (its shutdown ends <see cref="Run"/>).</param>
    /// <param name="options">Endpoints, high-water marks, pacing.</param>
    /// <param name="counters">Where the loop's waits are timed.</param>
    /// <param name="rentBatch">A cleared batch to fill.</param>
    /// <param name="handOver">Takes a filled batch (may process it on this thread, see <c>JournalPipeline.Submit</c>).</param>
    /// <param name="commitHeld">
    /// Commits the batch this thread holds for the commit pace when it is due; how long until it is, or
    /// <see cref="Timeout.InfiniteTimeSpan"/> when none is held (see <c>JournalPipeline.CommitHeld</c>).
    /// </param>
    /// <param name="warmUp">
    /// Run on this thread once it is ready, before its first drain: <paramref name="handOver"/> may process batches
    /// here, and that needs this thread's per-thread state. After Ready rather than before the sockets open, so
    /// start-up is not held up (0.1–0.2 s on the bench machine); a message that arrives meanwhile waits in libzmq, as it
    /// would for the process thread's own warm-up, which runs at the same time.
    /// </param>
    /// <param name="curve">CURVE and its monitors, or null.</param>
    public ReceiveLoop(ZmqContext context, IngestOptions options, IngestCounters counters, Func<InboundBatch> rentBatch, Action<InboundBatch> handOver,
        Func<TimeSpan> commitHeld, Action warmUp, CurveServer? curve)
    {
        _commitHeld = commitHeld;
        _warmUp = warmUp;
        _curve = curve;
        _context = context;
        _options = options;
        _counters = counters;
        _rentBatch = rentBatch;
        _handOver = handOver;
        // Set by the journal thread (EnqueueAcks), waited for and reset by this loop's thread, disposed when it ends.
        _ackWake = new WakeSignal(context);
    }

    /// <summary>Endpoints actually bound (ports filled in), set once the sockets are up.</summary>
    public string? BoundPullEndpoint { get; private set; }
    public string? BoundAckEndpoint { get; private set; }

    /// <summary>Signals the caller of <see cref="Run"/> that the sockets are bound (or binding failed).</summary>
    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Queues acks for sending on the ROUTER thread; called after fsync, by the journal thread or by this loop's own.</summary>
    public void EnqueueAcks(AckFrames acks)
    {
        // A copy of their bytes: the batch they came in is cleared and reused as soon as this returns.
        lock (_ackLock)
        {
            _pendingAcks.AddFrom(acks);
        }
        if (Environment.CurrentManagedThreadId == _loopThreadId)
        {
            _acksQueuedHere = true; // committed on this thread (see ProcessingLoop): sent before the loop waits
            return;
        }
        _ackWake.Set();
    }

    /// <summary>Runs until the context is shut down; then hands over the last partial batch and returns.</summary>
    public void Run()
    {
        ZmqSocket? pull = null, sub = null, router = null;
        var monitors = new List<ZmqSocketMonitor>();
        var batch = _rentBatch();
        _loopThreadId = Environment.CurrentManagedThreadId;
        try
        {
            using var poller = new ZmqSignalPoller();
            using var frame = new ZmqFrame();
            pull = CreateReceiver(ZmqSocketType.Pull);
            _curve?.Protect(pull);
            BoundPullEndpoint = pull.Bind(_options.PullEndpoint);
            if (_curve is not null)
            {
                monitors.Add(_curve.Monitor(_context, pull));
            }
            var pullIndex = poller.Add(pull);
            var subIndex = -1;
            if (_options.EffectiveSubEndpoints.Length > 0)
            {
                sub = CreateReceiver(ZmqSocketType.Sub);
                sub.Subscribe(default);
                foreach (var endpoint in _options.EffectiveSubEndpoints)
                {
                    sub.Connect(endpoint);
                }
                subIndex = poller.Add(sub);
            }
            var routerIndex = -1;
            var wakeIndex = -1;
            if (!string.IsNullOrEmpty(_options.AckEndpoint))
            {
                router = CreateReceiver(ZmqSocketType.Router);
                // Never block on a vanished peer: an unroutable reply is dropped (ROUTER_MANDATORY off), the SNDHWM
                // is large, and every ack is sent with DONTWAIT, so a peer that stops reading only loses its own acks
                // (its client retries and gets "duplicate").
                router.SetOption(ZmqSocketOption.SndHwm, 100_000);
                _curve?.Protect(router);
                BoundAckEndpoint = router.Bind(_options.AckEndpoint);
                if (_curve is not null)
                {
                    monitors.Add(_curve.Monitor(_context, router));
                }
                routerIndex = poller.Add(router);
                wakeIndex = poller.Add(_ackWake);
            }
            // Before Ready: the first message's frame read and its ack's wake-up are not compiled while it waits.
            HotPathWarmUp.RunSockets();
            Ready.TrySetResult();
            _warmUp();

            var pacing = TimeSpan.FromMicroseconds(_options.ReceivePacingMicroseconds);
            // Before the first wait every socket counts as signalled: commands may already be in its mailbox.
            var drainAll = true;
            var routerAfterSend = false;
            while (true)
            {
                // Messages from PULL and SUB this round: fire-and-forget senders, whose streams pacing may gather.
                var streamed = 0;
                if (drainAll || poller.IsSignaled(pullIndex))
                {
                    streamed += Drain(pull, FrameSource.Pull, frame, ref batch);
                }
                if (subIndex >= 0 && (drainAll || poller.IsSignaled(subIndex)))
                {
                    streamed += Drain(sub!, FrameSource.Sub, frame, ref batch);
                }
                var routerDue = routerIndex >= 0 && (drainAll || routerAfterSend || poller.IsSignaled(routerIndex));
                routerAfterSend = false;
                if (wakeIndex >= 0 && (drainAll || poller.IsSignaled(wakeIndex)))
                {
                    // Reset before taking the queue: an ack queued after this wakes the loop once more, none is missed.
                    _ackWake.Reset();
                    SendAcks(router!);
                    // A send can consume the ROUTER's signal (it processes the socket's commands): drain it before waiting.
                    routerDue = true;
                }
                if (routerDue)
                {
                    Drain(router!, FrameSource.Router, frame, ref batch);
                }
                if (batch.Count > 0)
                {
                    HandOver(ref batch);
                }
                // A batch held for the commit pace is committed here once that is due, else the wait below ends then.
                var heldDueIn = _commitHeld();
                if (_acksQueuedHere)
                {
                    // The batch was committed on this thread: its acks go now. The send can consume the ROUTER's
                    // signal, so the ROUTER is drained once more before any wait.
                    _acksQueuedHere = false;
                    SendAcks(router!);
                    routerAfterSend = true;
                    drainAll = false;
                    poller.Wait(0);
                    continue;
                }
                // Every socket signalled or sent on was drained to EAGAIN above, so its signal is armed again.
                drainAll = false;
                if (streamed > 1 && pacing > TimeSpan.Zero)
                {
                    // A stream on PULL or SUB, not a lone message: let the next ones gather in libzmq's queues for a
                    // moment, so the receive and process threads wake once per handful of messages rather than once
                    // per message (each wake-up is a context switch and a dozen syscalls). The ROUTER and the ack
                    // wake-up are still watched: an acked client waits for every reply, and pacing it would cap a
                    // client with k messages in flight near k per interval.
                    var gather = heldDueIn != Timeout.InfiniteTimeSpan && heldDueIn < pacing ? heldDueIn : pacing;
                    if (routerIndex >= 0)
                    {
                        poller.WaitFor(routerIndex.., gather);
                    }
                    else
                    {
                        PreciseSleep.For(gather);
                    }
                    // Then what signalled meanwhile, without waiting.
                    poller.Wait(0);
                    continue;
                }
                if (heldDueIn != Timeout.InfiniteTimeSpan)
                {
                    // Until the held commit is due, or a socket signals first (its messages join the held batch).
                    poller.WaitFor(.., heldDueIn);
                    continue;
                }
                poller.Wait(-1);
            }
        }
        catch (ZmqException ex) when (ex.IsContextTerminated)
        {
            // Shutdown: whatever was read off a socket is handed over and will be fsync'd before the host stops.
            if (batch.Count > 0)
            {
                HandOver(ref batch);
            }
        }
        catch (Exception ex)
        {
            Ready.TrySetException(ex);
            throw;
        }
        finally
        {
            foreach (var monitor in monitors)
            {
                monitor.Dispose();
            }
            pull?.Dispose();
            sub?.Dispose();
            router?.Dispose();
            _ackWake.Dispose();
        }
    }

    private ZmqSocket CreateReceiver(ZmqSocketType type)
    {
        var socket = _context.CreateSocket(type);
        socket.SetOption(ZmqSocketOption.RcvHwm, _options.ReceiveHighWaterMark);
        socket.SetOption(ZmqSocketOption.MaxMsgSize, _options.HardMaxMessageBytes);
        return socket;
    }

    /// <summary>Reads every message the socket has (to EAGAIN) into the batch; returns how many.</summary>
    private int Drain(ZmqSocket socket, FrameSource source, ZmqFrame frame, ref InboundBatch batch)
    {
        var drained = 0;
        while (frame.TryReceive(socket, dontWait: true))
        {
            ReadMessage(socket, source, frame, batch);
            drained++;
            if (batch.Count >= _options.MaxBatchMessages)
            {
                HandOver(ref batch);
            }
        }
        return drained;
    }

    /// <summary>Reads the rest of a multipart message whose first frame is in <paramref name="frame"/>.</summary>
    private static void ReadMessage(ZmqSocket socket, FrameSource source, ZmqFrame frame, InboundBatch batch)
    {
        var receivedAt = DateTime.UtcNow.Ticks;
        int routingOffset = -1, routingLength = 0, topicOffset = -1, topicLength = 0;
        var delimiter = false;
        if (source == FrameSource.Router)
        {
            routingLength = frame.Size;
            routingOffset = batch.Copy(frame.Data);
            if (!frame.More)
            {
                return; // a routing id alone carries nothing to store
            }
            frame.TryReceive(socket, dontWait: false);
            if (frame.Size == 0 && frame.More)
            {
                delimiter = true; // REQ envelope: [id, "", json]
                frame.TryReceive(socket, dontWait: false);
            }
        }
        else if (frame.More)
        {
            topicLength = frame.Size;
            topicOffset = batch.Copy(frame.Data);
            frame.TryReceive(socket, dontWait: false);
        }
        // Frames between the topic and the last one carry nothing in the wire contract; the last frame is the JSON.
        while (frame.More)
        {
            frame.TryReceive(socket, dontWait: false);
        }
        var length = frame.Size;
        var offset = batch.Copy(frame.Data);
        batch.Add(new InboundFrame(offset, length, topicOffset, topicLength, routingOffset, routingLength, delimiter, source, receivedAt));
    }

    private void HandOver(ref InboundBatch batch)
    {
        _counters.AddReceived(batch.Count);
        _handOver(batch);
        batch = _rentBatch();
    }

    private void SendAcks(ZmqSocket router)
    {
        lock (_ackLock)
        {
            (_pendingAcks, _sendingAcks) = (_sendingAcks, _pendingAcks);
        }
        var acks = _sendingAcks;
        for (var i = 0; i < acks.Count; i++)
        {
            // DONTWAIT everywhere: an ack to a peer that is gone or not reading is dropped, never blocks ingest.
            if (!router.TrySend(acks.RoutingId(i), ZmqSendFlags.SendMore | ZmqSendFlags.DontWait))
            {
                continue;
            }
            if (acks.ReplyWithDelimiter(i))
            {
                router.TrySend([], ZmqSendFlags.SendMore | ZmqSendFlags.DontWait);
            }
            router.TrySend(acks.Payload(i), ZmqSendFlags.DontWait);
        }
        acks.Clear();
    }
}
