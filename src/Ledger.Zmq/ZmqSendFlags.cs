namespace Ledger.Zmq;

/// <summary>Flags for send and receive.</summary>
[Flags]
public enum ZmqSendFlags
{
    None = 0,
    DontWait = 1,
    SendMore = 2,
}
