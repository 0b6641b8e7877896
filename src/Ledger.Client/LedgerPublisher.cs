using System.Threading.Channels;
using Ledger.Client.Publishing;
using Ledger.Client.Serialization;

namespace Ledger.Client;

/// <summary>
/// Fire-and-forget publishing to the Ledger daemon's PULL socket: <see cref="TryPublish"/> only buffers the message
/// in this process; a background thread that owns the PUSH socket sends it. Thread-safe.
/// </summary>
/// <remarks>
/// No acknowledgement: a message buffered here or in libzmq when the daemon dies can be lost (DESIGN §3, durability
/// brief §4). Use <see cref="LedgerClient"/> when the sender must know the message is durable.
/// <see cref="Dispose"/> keeps sending what is still queued for up to <see cref="LedgerPublisherOptions.Linger"/>.
/// </remarks>
public sealed class LedgerPublisher : IDisposable
{
    private readonly Channel<byte[]> _queue;
    private readonly PushLoop _loop;
    private int _disposed;

    /// <summary>Creates the publisher and starts connecting (the daemon need not be up yet).</summary>
    public LedgerPublisher(LedgerPublisherOptions? options = null)
    {
        Options = options ?? new LedgerPublisherOptions();
        Options.Validate();
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = new PushLoop(Options, _queue.Reader);
        _loop.Start();
    }

    /// <summary>The settings in use.</summary>
    public LedgerPublisherOptions Options { get; }

    /// <summary>Messages handed to libzmq so far (queued for the network, not necessarily received).</summary>
    public long SentCount => _loop.SentCount;

    /// <summary>Messages given up at disposal because the linger ran out.</summary>
    public long DroppedCount => _loop.DroppedCount;

    /// <summary>Buffers <paramref name="message"/> for sending without blocking.</summary>
    /// <returns>False when the queue is full (<see cref="LedgerPublisherOptions.QueueCapacity"/>) or the publisher is disposed.</returns>
    public bool TryPublish(LedgerMessage message) => _queue.Writer.TryWrite(LedgerMessageJson.Serialize(message));

    /// <summary>Buffers <paramref name="message"/>, waiting for room when the queue is full (back-pressure).</summary>
    /// <exception cref="ObjectDisposedException">The publisher is disposed.</exception>
    public async ValueTask PublishAsync(LedgerMessage message, CancellationToken cancellationToken = default)
    {
        var payload = LedgerMessageJson.Serialize(message);
        try
        {
            await _queue.Writer.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException(nameof(LedgerPublisher), ex);
        }
    }

    /// <summary>Stops accepting messages, sends what is queued for up to the linger, then closes the socket.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _loop.StartLinger();
        _queue.Writer.TryComplete();
        _loop.Dispose();
    }
}
