using Ledger.Zmq.Curve;

namespace Ledger.Daemon.Options;

/// <summary>CURVE encryption and client authentication for PULL and ROUTER (<c>Ledger:Security:Curve:*</c>).</summary>
/// <remarks>Key files use the ZPL certificate format that CZMQ and pyzmq's zmq.auth write (<c>ledger keygen</c> too).</remarks>
internal sealed class CurveOptions : IOptionsWithKeys
{
    public static string Section => "Ledger:Security:Curve";

    /// <summary>When true, PULL and ROUTER accept only CURVE clients whose key is authorized. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The server's certificate with its secret key (NAME.key_secret). Default <c>config/keys/server.key_secret</c>.</summary>
    public string ServerSecretKeyFile { get; set; } = "config/keys/server.key_secret";

    /// <summary>Directory whose every <c>*.key</c> file is an authorized client. Default <c>config/keys/authorized</c>.</summary>
    public string AuthorizedKeysDirectory { get; set; } = "config/keys/authorized";

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }
        if (!File.Exists(ServerSecretKeyFile))
        {
            yield return $"Ledger:Security:Curve:ServerSecretKeyFile: file not found: {ServerSecretKeyFile} (make one with: ledger keygen server --out DIR)";
        }
        else
        {
            string? problem = null;
            try
            {
                if (ZplCertificate.Load(ServerSecretKeyFile).SecretKey is null)
                {
                    problem = $"Ledger:Security:Curve:ServerSecretKeyFile: {ServerSecretKeyFile} holds no secret-key (use the .key_secret file)";
                }
            }
            catch (Exception ex) when (ex is FormatException or IOException or ArgumentException)
            {
                problem = $"Ledger:Security:Curve:ServerSecretKeyFile: {ex.Message}";
            }
            if (problem is not null)
            {
                yield return problem;
            }
        }
        if (!Directory.Exists(AuthorizedKeysDirectory))
        {
            yield return $"Ledger:Security:Curve:AuthorizedKeysDirectory: directory not found: {AuthorizedKeysDirectory}";
        }
    }
}
