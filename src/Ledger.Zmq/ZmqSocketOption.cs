namespace Ledger.Zmq;

/// <summary>libzmq socket options used by Ledger (values from zmq.h 4.3).</summary>
public enum ZmqSocketOption
{
    RoutingId = 5,
    Subscribe = 6,
    RcvBuf = 12,
    RcvMore = 13,
    /// <summary>The descriptor that signals the socket's command mailbox (see <see cref="ZmqSignalPoller"/>).</summary>
    Fd = 14,
    Linger = 17,
    MaxMsgSize = 22,
    SndHwm = 23,
    RcvHwm = 24,
    RcvTimeo = 27,
    SndTimeo = 28,
    LastEndpoint = 32,
    RouterMandatory = 33,
    Immediate = 39,
    CurveServer = 47,
    CurvePublicKey = 48,
    CurveSecretKey = 49,
    CurveServerKey = 50,
    ZapDomain = 55,
    HandshakeIvl = 66,
    HeartbeatIvl = 75,
    HeartbeatTtl = 76,
    HeartbeatTimeout = 77,
    ZapEnforceDomain = 93,
}
