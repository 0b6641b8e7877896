using System.Threading.Channels;
using Ledger.Client.Serialization;
using Ledger.Zmq;
using Ledger.Zmq.Curve;

namespace Ledger.Client.Acked;

/// <summary>
/// The one thread that owns the DEALER socket: sends queued messages, reads acks, and resends a message whose ack
/// did not arrive within the timeout (same payload, same Id) until its attempts run out.
/// </summary>
/// <remarks>
/// Callers hand messages over through a channel and wake the thread through a <see cref="WakeSignal"/> (an eventfd
/// on Linux); the thread waits in a <see cref="ZmqSignalPoller"/>, so a round trip costs a handful of syscalls, not
/// the two per idle socket that zmq_poll adds each time. libzmq reconnects the DEALER by itself when the daemon
/// restarts, but messages queued towards a dead connection are lost — the timeout-and-resend covers that.
/// </remarks>
internal sealed class DealerLoop : IDisposable
{
    private const int IdlePollMs = 200;
    private const int BacklogPollMs = 5;
    private const int PruneThreshold = 4096;
    private const int PruneIntervalMs = 250;
    private readonly ZmqContext _context;
    private readonly LedgerClientOptions _options;
    private readonly Func<string, PendingSend?> _lookup;
    private readonly Channel<PendingSend> _queue = Channel.CreateUnbounded<PendingSend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WakeSignal _wake;
    private readonly Thread _thread;
    private readonly Queue<PendingSend> _backlog = new();
    private readonly PriorityQueue<(PendingSend Send, int Attempt), long> _deadlines = new();
    private int _wakePending;
    private volatile bool _stopping;
    private long _resent;
    private long _lastPrune;

    public DealerLoop(ZmqContext context, LedgerClientOptions options, Func<string, PendingSend?> lookup)
    {
        _context = context;
        _options = options;
        _lookup = lookup;
        _wake = new WakeSignal(context);
        _thread = new Thread(Run) { IsBackground = true, Name = "ledger-client-dealer" };
    }

    /// <summary>Attempts started after an ack timeout, over the loop's lifetime.</summary>
    public long ResentCount => Interlocked.Read(ref _resent);

    /// <summary>Starts the thread and waits until the DEALER is connecting.</summary>
    public void Start()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread.Start(ready);
        ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>Queues a send for the socket thread (any thread).</summary>
    public void Enqueue(PendingSend send)
    {
        if (!_queue.Writer.TryWrite(send))
        {
            throw new ObjectDisposedException(nameof(LedgerClient));
        }
        Wake();
    }

    /// <summary>Stops the thread; sends still waiting for an ack fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        Wake();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
        _wake.Dispose();
    }

    private void Wake()
    {
        // One wake-up per batch of enqueues: the loop clears the flag before draining the queue, so an enqueue that
        // sees the flag still set is drained by that same pass.
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Set();
        }
    }

    private void Run(object? state)
    {
        var ready = (TaskCompletionSource)state!;
        ZmqSocket? dealer = null;
        try
        {
            dealer = _context.CreateSocket(ZmqSocketType.Dealer);
            // Many messages may be in flight; the default HWM of 1000 would turn a burst into EAGAIN churn.
            dealer.SetOption(ZmqSocketOption.SndHwm, 100_000);
            dealer.SetOption(ZmqSocketOption.RcvHwm, 100_000);
            // Heartbeats notice a daemon that vanished without closing TCP (host crash, cable) so libzmq reconnects.
            dealer.SetOption(ZmqSocketOption.HeartbeatIvl, 1000);
            dealer.SetOption(ZmqSocketOption.HeartbeatTimeout, 5000);
            if (_options.Curve is { } curve)
            {
                dealer.MakeCurveClient(curve.ServerPublicKey, curve.ClientKeyPair);
            }
            dealer.Connect(_options.Endpoint);
            ready.SetResult();
            Loop(dealer);
        }
        catch (ZmqException ex) when (ex.IsContextTerminated)
        {
            // Context shut down under us: fall through and fail what is left.
        }
        catch (Exception ex) when (ready.TrySetException(ex))
        {
            // Start() rethrows it to the constructor's caller.
        }
        finally
        {
            dealer?.Dispose();
            FailRemaining();
        }
    }

    private void Loop(ZmqSocket dealer)
    {
        using var poller = new ZmqSignalPoller();
        using var frame = new ZmqFrame();
        var dealerIndex = poller.Add(dealer);
        var wakeIndex = poller.Add(_wake);
        var ackTimeoutMs = (long)_options.AckTimeout.TotalMilliseconds;
        // Before the first wait the DEALER counts as signalled: commands may already be in its mailbox.
        var drainDealer = true;
        while (!_stopping)
        {
            if (drainDealer)
            {
                // To EAGAIN, as ZmqSignalPoller requires of a socket signalled or sent on before the next wait.
                while (frame.TryReceive(dealer, dontWait: true))
                {
                    // A DEALER gets [json] from the ROUTER (the routing id is stripped); skip any envelope frames.
                    while (frame.More)
                    {
                        frame.TryReceive(dealer, dontWait: false);
                    }
                    HandleAck(frame.Data);
                }
            }
            poller.Wait(NextTimeoutMs());
            if (poller.IsSignaled(wakeIndex))
            {
                _wake.Reset();
            }
            Volatile.Write(ref _wakePending, 0);
            while (_queue.Reader.TryRead(out var send))
            {
                StartAttempt(send, ackTimeoutMs);
            }
            ExpireDeadlines(ackTimeoutMs);
            // A send, even one refused for a full pipe, processes the socket's commands and may take its signal.
            var sentOn = Flush(dealer);
            drainDealer = sentOn || poller.IsSignaled(dealerIndex);
        }
    }

    private int NextTimeoutMs()
    {
        if (_backlog.Count > 0)
        {
            return BacklogPollMs; // the DEALER pipe was full: try again soon
        }
        if (_deadlines.TryPeek(out _, out var due))
        {
            return (int)Math.Clamp(due - Environment.TickCount64, 0, IdlePollMs);
        }
        return IdlePollMs;
    }

    private void HandleAck(ReadOnlySpan<byte> json)
    {
        if (!AckJson.TryParse(json, out var ack) || ack.Id is null || _lookup(ack.Id) is not { } send)
        {
            return; // a late ack for a message already settled, or not ours to understand
        }
        switch (ack.Status)
        {
            case "stored":
                send.TryComplete(new LedgerAck(ack.Id, ack.Sequence, LedgerAckStatus.Stored));
                break;
            case "duplicate":
                // An earlier attempt was stored and its ack lost: that is success, not an error.
                send.TryComplete(new LedgerAck(ack.Id, ack.Sequence, LedgerAckStatus.Duplicate));
                break;
            case "rejected":
                send.TryFail(new LedgerRejectedException(ack.Id, ack.Error ?? "no reason given"));
                break;
        }
    }

    /// <summary>
    /// Starts an attempt: its ack timeout runs from now, whether or not libzmq can take the message yet, so a message
    /// stuck behind a DEALER with no usable connection (e.g. refused by the server's ZAP) still times out.
    /// </summary>
    private void StartAttempt(PendingSend send, long ackTimeoutMs)
    {
        send.Attempts++;
        _deadlines.Enqueue((send, send.Attempts), Environment.TickCount64 + ackTimeoutMs);
        if (!send.InBacklog)
        {
            send.InBacklog = true;
            _backlog.Enqueue(send);
        }
    }

    private void ExpireDeadlines(long ackTimeoutMs)
    {
        var now = Environment.TickCount64;
        PruneSettledDeadlines(now);
        while (_deadlines.TryPeek(out var entry, out var due) && due <= now)
        {
            _deadlines.Dequeue();
            var (send, attempt) = entry;
            if (send.IsCompleted || send.Attempts != attempt)
            {
                continue;
            }
            if (send.Attempts >= _options.MaxAttempts)
            {
                send.TryFail(new LedgerTimeoutException(send.Id, send.Attempts, _options.AckTimeout));
                continue;
            }
            Interlocked.Increment(ref _resent);
            StartAttempt(send, ackTimeoutMs);
        }
    }

    /// <summary>
    /// Drops heap entries of sends already acked. Without this, at high rates the heap would hold every settled send
    /// (and its payload) for a whole ack timeout: 25,000 msg/s × 5 s is 125,000 entries.
    /// </summary>
    private void PruneSettledDeadlines(long now)
    {
        if (_deadlines.Count < PruneThreshold || now - _lastPrune < PruneIntervalMs)
        {
            return;
        }
        _lastPrune = now;
        var live = _deadlines.UnorderedItems.Where(e => !e.Element.Send.IsCompleted && e.Element.Send.Attempts == e.Element.Attempt).ToList();
        _deadlines.Clear();
        _deadlines.EnqueueRange(live);
    }

    /// <summary>Sends the backlog in order while the DEALER takes it; true when it tried to send at all.</summary>
    private bool Flush(ZmqSocket dealer)
    {
        var sentOn = false;
        while (_backlog.TryPeek(out var send))
        {
            if (send.IsCompleted)
            {
                _backlog.Dequeue();
                send.InBacklog = false;
                continue;
            }
            sentOn = true;
            if (!dealer.TrySend(send.Payload, ZmqSendFlags.DontWait))
            {
                return true; // pipe full (or not yet connected with IMMEDIATE semantics): keep order, retry next pass
            }
            _backlog.Dequeue();
            send.InBacklog = false;
        }
        return sentOn;
    }

    private void FailRemaining()
    {
        _queue.Writer.TryComplete();
        var disposed = new ObjectDisposedException(nameof(LedgerClient), "the client was disposed before the ack arrived");
        while (_queue.Reader.TryRead(out var send))
        {
            send.TryFail(disposed);
        }
        foreach (var send in _backlog)
        {
            send.TryFail(disposed);
        }
        while (_deadlines.TryDequeue(out var entry, out _))
        {
            entry.Send.TryFail(disposed);
        }
    }
}
