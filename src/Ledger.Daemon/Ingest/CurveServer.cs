using Ledger.Daemon.Hosting;
using Ledger.Daemon.Options;
using Ledger.Zmq;
using Ledger.Zmq.Curve;

namespace Ledger.Daemon.Ingest;

/// <summary>CURVE for the ingest sockets: the ZAP allow-list handler, server keys, and refused-handshake accounting.</summary>
/// <remarks>
/// The ZAP handler must run in the same context before any CURVE server socket binds, and ZAP_ENFORCE_DOMAIN makes a
/// missing handler refuse everyone (fail-closed) instead of admitting everyone (binding brief §4). Refusals come from
/// two places: the ZAP handler (unknown key; it knows the peer address and key) and the socket monitors (a
/// plain-text client never reaches ZAP: its handshake fails on the mechanism).
/// </remarks>
internal sealed partial class CurveServer : IDisposable
{
    private const string ZapDomain = "ingest";
    private readonly string _secretKey;
    private readonly IngestCounters _counters;
    private readonly ILogger _logger;
    private readonly ZapHandler _zap;
    private long _lastLogTicks;

    private CurveServer(ZmqContext context, CurveOptions options, IngestCounters counters, ILogger logger)
    {
        _counters = counters;
        _logger = logger;
        _secretKey = ZplCertificate.Load(options.ServerSecretKeyFile).ToKeyPair().SecretKey;
        PublicKey = CurveKeyPair.FromSecret(_secretKey).PublicKey;
        var authorized = ZplCertificate.LoadPublicKeys(options.AuthorizedKeysDirectory);
        AuthorizedCount = authorized.Count;
        _zap = ZapHandler.Start(context, authorized, refusal => LogRefusedRateLimited(refusal.PeerAddress, refusal.Reason));
    }

    /// <summary>The server's public key (clients need it).</summary>
    public string PublicKey { get; }

    public int AuthorizedCount { get; }

    /// <summary>Starts the ZAP handler when CURVE is enabled; null otherwise.</summary>
    public static CurveServer? StartIfEnabled(ZmqContext context, CurveOptions options, IngestCounters counters, ILogger logger)
    {
        if (!options.Enabled)
        {
            return null;
        }
        var server = new CurveServer(context, options, counters, logger);
        server.LogEnabled(server.PublicKey, server.AuthorizedCount, options.AuthorizedKeysDirectory);
        return server;
    }

    /// <summary>Makes <paramref name="socket"/> a CURVE server that only ZAP-admitted clients can reach; call before Bind.</summary>
    public void Protect(ZmqSocket socket) => socket.MakeCurveServer(_secretKey, ZapDomain);

    /// <summary>Counts failed handshakes on a protected socket; call on the socket's owning thread, after Bind.</summary>
    public ZmqSocketMonitor Monitor(ZmqContext context, ZmqSocket socket) =>
        ZmqSocketMonitor.Start(context, socket,
            ZmqMonitorEvents.HandshakeFailedAuth | ZmqMonitorEvents.HandshakeFailedProtocol | ZmqMonitorEvents.HandshakeFailedNoDetail,
            e =>
            {
                _counters.AddRefusedHandshake();
                if (e.Event != ZmqMonitorEvents.HandshakeFailedAuth)
                {
                    LogRefusedRateLimited(e.Endpoint, $"handshake failed ({e.Event}, {e.Value}): not a CURVE client with this server's key");
                }
            });

    private void LogRefusedRateLimited(string peer, string reason)
    {
        // A misconfigured agent retries every reconnect interval: log at most one refusal per second.
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastLogTicks) >= 1000)
        {
            Interlocked.Exchange(ref _lastLogTicks, now);
            LogRefused(peer, reason, _counters.RefusedHandshakes);
        }
    }

    public void Dispose() => _zap.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "CURVE enabled on PULL and ROUTER: server public key {PublicKey}, {Count} authorized client key(s) from {Directory}")]
    private partial void LogEnabled(string publicKey, int count, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a connection from {Peer}: {Reason} ({Total} refused so far)")]
    private partial void LogRefused(string peer, string reason, long total);
}
