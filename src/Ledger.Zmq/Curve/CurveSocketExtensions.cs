using System.Text;

namespace Ledger.Zmq.Curve;

/// <summary>Turns a socket into a CURVE server or client (binding brief §4); call before Bind/Connect.</summary>
public static class CurveSocketExtensions
{
    /// <summary>
    /// Makes <paramref name="socket"/> a CURVE server that authenticates every peer through ZAP in
    /// <paramref name="zapDomain"/>, failing closed when no <see cref="ZapHandler"/> answers.
    /// </summary>
    /// <remarks>
    /// ZAP_ENFORCE_DOMAIN=1 matters: without it a server with no handler running admits every CURVE client
    /// ("Stonehouse" mode). The option is declared in zmq.h's DRAFT section but libzmq 4.3.4 accepts it in stable builds.
    /// </remarks>
    public static void MakeCurveServer(this ZmqSocket socket, string serverSecretZ85, string zapDomain)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentException.ThrowIfNullOrWhiteSpace(zapDomain);
        socket.SetOption(ZmqSocketOption.CurveServer, 1);
        socket.SetOption(ZmqSocketOption.CurveSecretKey, KeyOption(serverSecretZ85, nameof(serverSecretZ85)));
        socket.SetOption(ZmqSocketOption.ZapDomain, zapDomain);
        socket.SetOption(ZmqSocketOption.ZapEnforceDomain, 1);
    }

    /// <summary>Makes <paramref name="socket"/> a CURVE client of the server whose public key is <paramref name="serverPublicZ85"/>.</summary>
    public static void MakeCurveClient(this ZmqSocket socket, string serverPublicZ85, CurveKeyPair client)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(client);
        socket.SetOption(ZmqSocketOption.CurveServerKey, KeyOption(serverPublicZ85, nameof(serverPublicZ85)));
        socket.SetOption(ZmqSocketOption.CurvePublicKey, KeyOption(client.PublicKey, nameof(client)));
        socket.SetOption(ZmqSocketOption.CurveSecretKey, KeyOption(client.SecretKey, nameof(client)));
    }

    /// <summary>A Z85 key as libzmq's 41-byte option value (40 characters + NUL).</summary>
    private static byte[] KeyOption(string key, string parameterName)
    {
        if (!CurveKeyPair.IsValidKey(key))
        {
            throw new ArgumentException("a CURVE key is 40 Z85 characters", parameterName);
        }
        var value = new byte[CurveKeyPair.KeyLength + 1];
        Encoding.ASCII.GetBytes(key, value);
        return value;
    }
}
