using System.Collections.Concurrent;
using Ledger.Client.Acked;
using Ledger.Client.Serialization;
using Ledger.Zmq;

namespace Ledger.Client;

/// <summary>
/// Acknowledged sends to the Ledger daemon's ROUTER: <see cref="SendAsync"/> completes only after the daemon has
/// written and fsync'd the message. Thread-safe; many sends may be in flight at once.
/// </summary>
/// <remarks>
/// <para>One background thread owns the DEALER socket (libzmq sockets are not thread-safe). Acks are matched to sends
/// by message Id, so they may arrive in any order.</para>
/// <para>Delivery is at-least-once on the wire and exactly-once in the journal: an attempt without an ack within
/// <see cref="LedgerClientOptions.AckTimeout"/> is resent with the same Id and payload, and the daemon answers
/// "duplicate" for an Id it already stored, which counts as success. libzmq reconnects the DEALER after a daemon
/// restart by itself; anything queued to the old connection is lost and recovered by these resends.</para>
/// </remarks>
public sealed class LedgerClient : IDisposable
{
    private readonly ZmqContext _context;
    private readonly DealerLoop _loop;
    private readonly ConcurrentDictionary<string, PendingSend> _inFlight = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Creates the client and starts connecting (the daemon need not be up yet).</summary>
    public LedgerClient(LedgerClientOptions? options = null)
    {
        Options = options ?? new LedgerClientOptions();
        Options.Validate();
        _context = new ZmqContext();
        try
        {
            _loop = new DealerLoop(_context, Options, id => _inFlight.TryGetValue(id, out var send) ? send : null);
            _loop.Start();
        }
        catch
        {
            _context.Shutdown();
            _context.Dispose();
            throw;
        }
    }

    /// <summary>The settings in use.</summary>
    public LedgerClientOptions Options { get; }

    /// <summary>Sends awaiting their ack right now.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Retries so far: attempts started because an earlier attempt of the same message timed out.</summary>
    public long ResentCount => _loop.ResentCount;

    /// <summary>Sends <paramref name="message"/> and completes when the daemon acknowledges that it is durable.</summary>
    /// <returns>The ack: <see cref="LedgerAckStatus.Stored"/>, or <see cref="LedgerAckStatus.Duplicate"/> when the Id
    /// was already in the journal.</returns>
    /// <exception cref="LedgerTimeoutException">No ack after <see cref="LedgerClientOptions.MaxAttempts"/> attempts.</exception>
    /// <exception cref="LedgerRejectedException">The daemon found the message invalid.</exception>
    /// <exception cref="InvalidOperationException">A send with the same Id is already in flight on this client.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the message may still be stored).</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed before the ack arrived.</exception>
    public Task<LedgerAck> SendAsync(LedgerMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var send = new PendingSend(message.Id, LedgerMessageJson.Serialize(message));
        if (!_inFlight.TryAdd(send.Id, send))
        {
            throw new InvalidOperationException($"message {send.Id} is already in flight on this client");
        }
        if (cancellationToken.CanBeCanceled)
        {
            send.Cancellation = cancellationToken.Register(() => send.TryCancel(cancellationToken));
        }
        try
        {
            _loop.Enqueue(send);
        }
        catch (ObjectDisposedException)
        {
            _inFlight.TryRemove(KeyValuePair.Create(send.Id, send));
            send.Cancellation.Dispose();
            throw;
        }
        return AwaitAckAsync(send);
    }

    /// <summary>Stops the socket thread; sends still waiting for an ack fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <remarks>Await your sends before disposing to be sure they were stored.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _loop.Dispose();
        _context.Shutdown();
        _context.Dispose();
    }

    private async Task<LedgerAck> AwaitAckAsync(PendingSend send)
    {
        try
        {
            return await send.Task.ConfigureAwait(false);
        }
        finally
        {
            // Removed only after completion, so a late ack of an earlier attempt finds nothing and is ignored.
            _inFlight.TryRemove(KeyValuePair.Create(send.Id, send));
            await send.Cancellation.DisposeAsync().ConfigureAwait(false);
        }
    }
}
