using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Ledger.Zmq;
using Ledger.Zmq.Curve;

namespace Ledger.Client.Tests.Support;

/// <summary>
/// A ROUTER on its own thread that answers like the daemon's ack path, with a reply chosen per message (or none),
/// optionally as a CURVE server behind a <see cref="ZapHandler"/>. For client behaviour the daemon cannot be made to show.
/// </summary>
internal sealed class FakeAckServer : IDisposable
{
    private readonly ZmqContext _context = new();
    private readonly Func<string, string?> _reply;
    private readonly Thread _thread;
    private readonly ZapHandler? _zap;

    /// <param name="reply">Maps a message Id to the ack Status to send ("stored", "rejected", ...) or null for silence.</param>
    /// <param name="serverKey">When set, the ROUTER is a CURVE server admitting <paramref name="allowedClients"/>.</param>
    public FakeAckServer(Func<string, string?> reply, CurveKeyPair? serverKey = null, IEnumerable<string>? allowedClients = null)
    {
        _reply = reply;
        if (serverKey is not null)
        {
            _zap = ZapHandler.Start(_context, allowedClients ?? [], Refusals.Enqueue);
        }
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() => Run(ready, serverKey)) { IsBackground = true };
        _thread.Start();
        Endpoint = ready.Task.GetAwaiter().GetResult();
    }

    public string Endpoint { get; }

    /// <summary>Every message received, as (Id, raw JSON), in arrival order.</summary>
    public ConcurrentQueue<(string Id, string Json)> Received { get; } = new();

    public ConcurrentQueue<ZapRefusal> Refusals { get; } = new();

    public void Dispose()
    {
        _context.Shutdown();
        _thread.Join();
        _zap?.Dispose();
        _context.Dispose();
    }

    private void Run(TaskCompletionSource<string> ready, CurveKeyPair? serverKey)
    {
        using var router = _context.CreateSocket(ZmqSocketType.Router);
        if (serverKey is not null)
        {
            router.MakeCurveServer(serverKey.SecretKey, "ingest");
        }
        ready.SetResult(router.Bind("tcp://127.0.0.1:*"));
        using var frame = new ZmqFrame();
        try
        {
            while (true)
            {
                frame.TryReceive(router, dontWait: false);
                var routingId = frame.Data.ToArray();
                frame.TryReceive(router, dontWait: false);
                var json = Encoding.UTF8.GetString(frame.Data);
                var id = JsonDocument.Parse(json).RootElement.GetProperty("Id").GetString()!;
                Received.Enqueue((id, json));
                if (_reply(id) is { } status)
                {
                    router.Send(routingId, ZmqSendFlags.SendMore);
                    router.Send(JsonSerializer.Serialize(new { Id = id, Sequence = Received.Count, Status = status, Error = status == "rejected" ? "missing SpeakerName" : null }));
                }
            }
        }
        catch (ZmqException ex) when (ex.IsContextTerminated)
        {
        }
    }
}
