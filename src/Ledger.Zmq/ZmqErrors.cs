namespace Ledger.Zmq;

/// <summary>errno values the binding reacts to (Linux numbering, plus libzmq's own above ZMQ_HAUSNUMERO).</summary>
public static class ZmqErrors
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EINVAL = 22;
    public const int EADDRINUSE = 98;
    public const int EHOSTUNREACH = 113;
    private const int Hausnumero = 156384712;
    public const int ETERM = Hausnumero + 53;
}
