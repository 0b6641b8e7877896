using System.Text;
using Ledger.Zmq.Native;

namespace Ledger.Zmq.Curve;

/// <summary>A CURVE25519 key pair as 40-character Z85 strings, the form libzmq options and ZPL certificates use.</summary>
/// <remarks>
/// A class rather than a record so that <see cref="ToString"/> can never print the secret key into a log.
/// </remarks>
public sealed unsafe class CurveKeyPair
{
    /// <summary>Length of a Z85-encoded CURVE key.</summary>
    public const int KeyLength = 40;

    private CurveKeyPair(string publicKey, string secretKey)
    {
        PublicKey = publicKey;
        SecretKey = secretKey;
    }

    /// <summary>The public key (Z85, 40 characters): give it to the other side.</summary>
    public string PublicKey { get; }

    /// <summary>The secret key (Z85, 40 characters): never leaves this host.</summary>
    public string SecretKey { get; }

    /// <summary>Generates a fresh key pair with zmq_curve_keypair.</summary>
    /// <exception cref="ZmqException">libzmq was built without CURVE (ENOTSUP).</exception>
    public static CurveKeyPair Generate()
    {
        ZmqNativeResolver.Install();
        var publicKey = stackalloc byte[KeyLength + 1];
        var secretKey = stackalloc byte[KeyLength + 1];
        if (LibZmq.zmq_curve_keypair(publicKey, secretKey) != 0)
        {
            throw ZmqException.FromLastError("zmq_curve_keypair");
        }
        return new CurveKeyPair(ToText(publicKey), ToText(secretKey));
    }

    /// <summary>Rebuilds the pair from a secret key (Z85), deriving the public key with zmq_curve_public.</summary>
    /// <exception cref="FormatException">The secret key is not a 40-character Z85 string.</exception>
    public static CurveKeyPair FromSecret(string secretKeyZ85)
    {
        ArgumentNullException.ThrowIfNull(secretKeyZ85);
        if (secretKeyZ85.Length != KeyLength || !Z85.TryDecode(secretKeyZ85, out _))
        {
            throw new FormatException("a CURVE secret key is 40 Z85 characters");
        }
        ZmqNativeResolver.Install();
        var publicKey = stackalloc byte[KeyLength + 1];
        var secretKey = stackalloc byte[KeyLength + 1];
        Encoding.ASCII.GetBytes(secretKeyZ85, new Span<byte>(secretKey, KeyLength));
        secretKey[KeyLength] = 0;
        if (LibZmq.zmq_curve_public(publicKey, secretKey) != 0)
        {
            throw ZmqException.FromLastError("zmq_curve_public");
        }
        return new CurveKeyPair(ToText(publicKey), secretKeyZ85);
    }

    /// <summary>True when <paramref name="key"/> is a well-formed Z85 CURVE key (40 characters, 32 bytes decoded).</summary>
    public static bool IsValidKey(string? key) => key is { Length: KeyLength } && Z85.TryDecode(key, out _);

    /// <summary>Shows the public key only.</summary>
    public override string ToString() => $"CurveKeyPair(public {PublicKey})";

    private static string ToText(byte* key) => Encoding.ASCII.GetString(key, KeyLength);
}
