namespace Ledger.Zmq;

/// <summary>Socket monitor event kinds (zmq_socket_monitor, libzmq 4.3).</summary>
[Flags]
public enum ZmqMonitorEvents
{
    None = 0,
    Connected = 0x1,
    ConnectDelayed = 0x2,
    ConnectRetried = 0x4,
    Listening = 0x8,
    BindFailed = 0x10,
    Accepted = 0x20,
    AcceptFailed = 0x40,
    Closed = 0x80,
    CloseFailed = 0x100,
    Disconnected = 0x200,
    MonitorStopped = 0x400,

    /// <summary>The handshake failed before a mechanism-specific reason was known (e.g. no ZAP handler, errno in Value).</summary>
    HandshakeFailedNoDetail = 0x800,
    HandshakeSucceeded = 0x1000,

    /// <summary>The peer broke the ZMTP or mechanism protocol (e.g. plain text against a CURVE server).</summary>
    HandshakeFailedProtocol = 0x2000,

    /// <summary>ZAP refused the peer; Value is the ZAP status code (400/500).</summary>
    HandshakeFailedAuth = 0x4000,
    All = 0xFFFF,
}
