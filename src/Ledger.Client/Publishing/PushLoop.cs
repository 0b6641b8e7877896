using System.Threading.Channels;
using Ledger.Zmq;
using Ledger.Zmq.Curve;

namespace Ledger.Client.Publishing;

/// <summary>The one thread that owns the publisher's PUSH socket and drains the in-process queue into it.</summary>
/// <remarks>
/// A PUSH only sends, so the thread can simply block on the channel: no inproc wake-up is needed. Sends block for at
/// most <see cref="SendTimeoutMs"/> at a time so that disposal is noticed while the daemon is unreachable.
/// </remarks>
internal sealed class PushLoop : IDisposable
{
    private const int SendTimeoutMs = 100;
    private readonly ZmqContext _context = new();
    private readonly LedgerPublisherOptions _options;
    private readonly ChannelReader<byte[]> _reader;
    private readonly Thread _thread;
    private long _lingerDeadline = long.MaxValue;
    private long _sent;
    private long _dropped;

    public PushLoop(LedgerPublisherOptions options, ChannelReader<byte[]> reader)
    {
        _options = options;
        _reader = reader;
        _thread = new Thread(Run) { IsBackground = true, Name = "ledger-publisher-push" };
    }

    public long SentCount => Interlocked.Read(ref _sent);

    public long DroppedCount => Interlocked.Read(ref _dropped);

    public void Start()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread.Start(ready);
        ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>Call after completing the channel: waits for the queue to drain or the linger to pass.</summary>
    /// <summary>Starts the linger clock: from now on, sends give up at the deadline.</summary>
    /// <remarks>
    /// Must run before the queue is completed: otherwise the send thread can reach its socket close while the deadline
    /// is still "never", set an unbounded linger, and hang zmq_ctx_term on a peer that never takes the message (a
    /// CURVE client refused by ZAP did exactly that, one test run in six).
    /// </remarks>
    public void StartLinger() =>
        Interlocked.CompareExchange(ref _lingerDeadline, Environment.TickCount64 + (long)_options.Linger.TotalMilliseconds, long.MaxValue);

    public void Dispose()
    {
        StartLinger();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
        // zmq_ctx_term waits for the closed socket's linger, i.e. for libzmq to flush what it still holds.
        _context.Dispose();
    }

    private void Run(object? state)
    {
        var ready = (TaskCompletionSource)state!;
        ZmqSocket? push = null;
        try
        {
            push = _context.CreateSocket(ZmqSocketType.Push);
            push.SetOption(ZmqSocketOption.SndHwm, 10_000);
            push.SetOption(ZmqSocketOption.SndTimeo, SendTimeoutMs);
            push.SetOption(ZmqSocketOption.HeartbeatIvl, 1000);
            push.SetOption(ZmqSocketOption.HeartbeatTimeout, 5000);
            if (_options.Curve is { } curve)
            {
                push.MakeCurveClient(curve.ServerPublicKey, curve.ClientKeyPair);
            }
            push.Connect(_options.Endpoint);
            ready.SetResult();
            // Blocking on the channel is fine: this thread exists only to feed the socket.
            while (_reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (_reader.TryRead(out var payload))
                {
                    Send(push, payload);
                }
            }
        }
        catch (Exception ex) when (ready.TrySetException(ex))
        {
            // The constructor rethrows it.
        }
        finally
        {
            if (push is not null)
            {
                var deadline = Interlocked.Read(ref _lingerDeadline);
                var remaining = deadline == long.MaxValue ? (long)_options.Linger.TotalMilliseconds : deadline - Environment.TickCount64;
                push.SetOption(ZmqSocketOption.Linger, (int)Math.Clamp(remaining, 0, int.MaxValue));
                push.Dispose();
            }
        }
    }

    private void Send(ZmqSocket push, byte[] payload)
    {
        while (true)
        {
            // Past the linger, each remaining message gets one non-blocking try instead of a full send timeout.
            var expired = Environment.TickCount64 >= Interlocked.Read(ref _lingerDeadline);
            if (push.TrySend(payload, expired ? ZmqSendFlags.DontWait : ZmqSendFlags.None))
            {
                Interlocked.Increment(ref _sent);
                return;
            }
            if (expired)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            // SNDTIMEO expired: the daemon is not taking messages; keep trying until disposal's linger runs out.
        }
    }
}
