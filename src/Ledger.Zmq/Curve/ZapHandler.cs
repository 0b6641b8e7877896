using System.Text;

namespace Ledger.Zmq.Curve;

/// <summary>
/// A ZAP (ZeroMQ RFC 27) authentication handler admitting CURVE peers whose public key is on an allow-list.
/// </summary>
/// <remarks>
/// libzmq looks the handler up at <c>inproc://zeromq.zap.01</c> in the server socket's own context, so it must be
/// started before the server socket binds (binding brief §4). It runs on its own thread with its own REP socket, and
/// stops on <see cref="Dispose"/> or when the context shuts down (ETERM). Accepted peers get user-id = their Z85 key,
/// which then appears as the "User-Id" property of each message they send. Everything else (unknown key, a NULL or
/// PLAIN mechanism, a malformed request) gets 400, so the server fails closed.
/// </remarks>
public sealed class ZapHandler : IDisposable
{
    /// <summary>The endpoint libzmq sends ZAP requests to.</summary>
    public const string Endpoint = "inproc://zeromq.zap.01";

    private const int PollIntervalMs = 100;
    private const int CurveKeyBytes = 32;
    private readonly ZmqContext _context;
    private readonly Action<ZapRefusal>? _onRefused;
    private readonly Thread _thread;
    private volatile IReadOnlySet<string> _allowedKeys;
    private volatile bool _stopping;
    private long _accepted;
    private long _refused;

    private ZapHandler(ZmqContext context, IEnumerable<string> allowedPublicKeys, Action<ZapRefusal>? onRefused)
    {
        _context = context;
        _onRefused = onRefused;
        _allowedKeys = ToSet(allowedPublicKeys);
        _thread = new Thread(Run) { IsBackground = true, Name = "ledger-zap" };
    }

    /// <summary>Connections admitted so far.</summary>
    public long AcceptedCount => Interlocked.Read(ref _accepted);

    /// <summary>Connections refused so far.</summary>
    public long RefusedCount => Interlocked.Read(ref _refused);

    /// <summary>
    /// Starts a handler in <paramref name="context"/> and returns once its socket is bound. <paramref name="onRefused"/>
    /// runs on the handler's thread for each refusal: keep it short and never let it throw.
    /// </summary>
    /// <exception cref="ZmqException">Another ZAP handler is already bound in this context (EADDRINUSE).</exception>
    public static ZapHandler Start(ZmqContext context, IEnumerable<string> allowedPublicKeys, Action<ZapRefusal>? onRefused = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allowedPublicKeys);
        var handler = new ZapHandler(context, allowedPublicKeys, onRefused);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler._thread.Start(ready);
        ready.Task.GetAwaiter().GetResult();
        return handler;
    }

    /// <summary>Replaces the allow-list; connections handshaking after this call see the new list.</summary>
    /// <remarks>
    /// Already admitted connections stay up. A client refused earlier is not retried by libzmq 4.3.4 (it does not
    /// reconnect after a ZAP 400), so it must reconnect (recreate its socket) to be admitted.
    /// </remarks>
    public void SetAllowedKeys(IEnumerable<string> allowedPublicKeys)
    {
        ArgumentNullException.ThrowIfNull(allowedPublicKeys);
        _allowedKeys = ToSet(allowedPublicKeys);
    }

    /// <summary>Stops the handler thread; a server socket left running then refuses every handshake.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
    }

    private static IReadOnlySet<string> ToSet(IEnumerable<string> keys)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!CurveKeyPair.IsValidKey(key))
            {
                throw new FormatException($"'{key}' is not a 40-character Z85 CURVE public key");
            }
            set.Add(key);
        }
        return set;
    }

    private void Run(object? state)
    {
        var ready = (TaskCompletionSource)state!;
        ZmqSocket? socket = null;
        try
        {
            socket = _context.CreateSocket(ZmqSocketType.Rep);
            socket.Bind(Endpoint);
            ready.SetResult();
            using var poller = new ZmqPoller();
            using var frame = new ZmqFrame();
            poller.Add(socket);
            var request = new List<byte[]>(7);
            while (!_stopping)
            {
                // A short poll so Dispose can stop the thread without shutting down the caller's context.
                if (poller.Poll(PollIntervalMs) == 0)
                {
                    continue;
                }
                request.Clear();
                do
                {
                    frame.TryReceive(socket, dontWait: false);
                    request.Add(frame.Data.ToArray());
                }
                while (frame.More);
                Reply(socket, request);
            }
        }
        catch (ZmqException ex) when (ex.IsContextTerminated)
        {
            // The context is shutting down: nothing more will ask us.
        }
        catch (Exception ex)
        {
            if (!ready.TrySetException(ex))
            {
                throw;
            }
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private void Reply(ZmqSocket socket, List<byte[]> request)
    {
        // RFC 27: version, request id, domain, address, identity, mechanism, credentials...
        var requestId = request.Count > 1 ? request[1] : [];
        var (accepted, userId, refusal) = Decide(request);
        if (accepted)
        {
            Interlocked.Increment(ref _accepted);
        }
        else
        {
            Interlocked.Increment(ref _refused);
            _onRefused?.Invoke(refusal!);
        }
        socket.Send("1.0", ZmqSendFlags.SendMore);
        socket.Send(requestId, ZmqSendFlags.SendMore);
        socket.Send(accepted ? "200" : "400", ZmqSendFlags.SendMore);
        socket.Send(accepted ? "OK" : refusal!.Reason, ZmqSendFlags.SendMore);
        socket.Send(userId, ZmqSendFlags.SendMore);
        socket.Send(ReadOnlySpan<byte>.Empty);
    }

    private (bool Accepted, string UserId, ZapRefusal? Refusal) Decide(List<byte[]> request)
    {
        string Text(int index) => request.Count > index ? Encoding.UTF8.GetString(request[index]) : "";
        var domain = Text(2);
        var address = Text(3);
        var mechanism = Text(5);
        if (request.Count < 6 || Text(0) != "1.0")
        {
            return (false, "", new ZapRefusal(address, domain, mechanism, null, "malformed ZAP request"));
        }
        if (mechanism != "CURVE")
        {
            return (false, "", new ZapRefusal(address, domain, mechanism, null, $"mechanism {mechanism} is not allowed"));
        }
        if (request.Count != 7 || request[6].Length != CurveKeyBytes)
        {
            return (false, "", new ZapRefusal(address, domain, mechanism, null, "malformed CURVE credentials"));
        }
        var key = Z85.Encode(request[6]);
        return _allowedKeys.Contains(key)
            ? (true, key, null)
            : (false, "", new ZapRefusal(address, domain, mechanism, key, "public key not authorized"));
    }
}
