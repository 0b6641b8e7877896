using System.Net;
using System.Net.Sockets;

namespace Ledger.Daemon.Tests.Support;

/// <summary>A TCP port free right now on 127.0.0.1 (for HTTP, which cannot report a wildcard port back to us).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
