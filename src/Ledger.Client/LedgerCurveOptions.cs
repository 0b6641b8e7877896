using Ledger.Zmq.Curve;

namespace Ledger.Client;

/// <summary>CURVE encryption and authentication for a client socket.</summary>
/// <param name="ServerPublicKey">The daemon's public key (Z85, 40 characters).</param>
/// <param name="ClientKeyPair">This client's key pair; its public key must be in the daemon's authorized keys.</param>
public sealed record LedgerCurveOptions(string ServerPublicKey, CurveKeyPair ClientKeyPair)
{
    /// <summary>
    /// Loads the daemon's public certificate (<c>NAME.key</c>) and this client's secret certificate
    /// (<c>NAME.key_secret</c>), as written by <c>ledger keygen</c>, CZMQ or pyzmq.
    /// </summary>
    public static LedgerCurveOptions FromCertificateFiles(string serverPublicKeyFile, string clientSecretKeyFile) =>
        new(ZplCertificate.Load(serverPublicKeyFile).PublicKey, ZplCertificate.Load(clientSecretKeyFile).ToKeyPair());

    internal void Validate()
    {
        if (!CurveKeyPair.IsValidKey(ServerPublicKey))
        {
            throw new ArgumentException("Curve.ServerPublicKey must be a 40-character Z85 key");
        }
        ArgumentNullException.ThrowIfNull(ClientKeyPair);
    }
}
