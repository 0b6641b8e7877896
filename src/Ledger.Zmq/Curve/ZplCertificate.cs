using System.Globalization;
using System.Text;

namespace Ledger.Zmq.Curve;

/// <summary>
/// A CURVE certificate in the ZPL text format (ZeroMQ RFC 4) that CZMQ's zcert and pyzmq's
/// <c>zmq.auth.create_certificates</c> write: <c>NAME.key</c> holds the public key, <c>NAME.key_secret</c> both keys.
/// </summary>
/// <remarks>
/// Reading follows pyzmq's <c>load_certificate</c> in spirit (any indentation, either quote style, <c>#</c> comments)
/// but also understands sections, so a <c>public-key</c> under <c>metadata</c> is never mistaken for the real one.
/// </remarks>
public sealed class ZplCertificate
{
    /// <summary>Extension of the public certificate file.</summary>
    public const string PublicExtension = ".key";

    /// <summary>Extension of the secret certificate file.</summary>
    public const string SecretExtension = ".key_secret";

    private ZplCertificate(string publicKey, string? secretKey, IReadOnlyDictionary<string, string> metadata)
    {
        PublicKey = publicKey;
        SecretKey = secretKey;
        Metadata = metadata;
    }

    /// <summary>The public key (Z85).</summary>
    public string PublicKey { get; }

    /// <summary>The secret key (Z85), present only in a <c>.key_secret</c> file.</summary>
    public string? SecretKey { get; }

    /// <summary>Entries of the <c>metadata</c> section.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The key pair, when this certificate holds the secret key.</summary>
    /// <exception cref="InvalidOperationException">It is a public-only certificate.</exception>
    public CurveKeyPair ToKeyPair()
    {
        if (SecretKey is null)
        {
            throw new InvalidOperationException("this certificate has no secret key (load the .key_secret file)");
        }
        var pair = CurveKeyPair.FromSecret(SecretKey);
        if (pair.PublicKey != PublicKey)
        {
            throw new FormatException("the certificate's public-key does not belong to its secret-key");
        }
        return pair;
    }

    /// <summary>Loads a certificate file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">No valid <c>public-key</c> in the <c>curve</c> section, or a malformed key.</exception>
    public static ZplCertificate Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses certificate text; <paramref name="source"/> names it in error messages.</summary>
    public static ZplCertificate Parse(string text, string source = "certificate")
    {
        ArgumentNullException.ThrowIfNull(text);
        string? publicKey = null, secretKey = null, section = null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            var content = line.Trim();
            if (content.Length == 0 || content[0] == '#')
            {
                continue;
            }
            var indented = char.IsWhiteSpace(line[0]);
            var equals = content.IndexOf('=', StringComparison.Ordinal);
            if (!indented && equals < 0)
            {
                section = content;
                continue;
            }
            if (equals < 0)
            {
                continue; // a nested section name (ZPL allows them); nothing Ledger needs lives there
            }
            var name = content[..equals].Trim();
            var value = Unquote(content[(equals + 1)..].Trim());
            // pyzmq ignores sections entirely; accept unindented keys outside any section the same way.
            if (section is null or "curve")
            {
                if (name == "public-key")
                {
                    publicKey = RequireKey(value, name, source, lineNumber);
                }
                else if (name == "secret-key")
                {
                    secretKey = RequireKey(value, name, source, lineNumber);
                }
            }
            else if (section == "metadata")
            {
                metadata[name] = value;
            }
        }
        if (publicKey is null)
        {
            throw new FormatException($"{source}: no public-key in a curve section");
        }
        return new ZplCertificate(publicKey, secretKey, metadata);
    }

    /// <summary>Loads the public keys of every <c>*.key</c> file in <paramref name="directory"/> (an allow-list).</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FormatException">A file is not a valid certificate (named in the message).</exception>
    public static IReadOnlySet<string> LoadPublicKeys(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        // The exact extension: "*.key" would also match ".key_secret" on Windows' 8.3-style globbing rules.
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(PublicExtension, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            keys.Add(Load(file).PublicKey);
        }
        return keys;
    }

    /// <summary>
    /// Writes <c>NAME.key</c> (public) and <c>NAME.key_secret</c> (both keys, mode 0600 on Unix) into
    /// <paramref name="directory"/>, refusing to overwrite either.
    /// </summary>
    /// <returns>The paths of the public and the secret file.</returns>
    /// <exception cref="IOException">One of the files already exists.</exception>
    public static (string PublicKeyFile, string SecretKeyFile) Write(string directory, string name, CurveKeyPair keyPair, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(keyPair);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"certificate name '{name}' must not contain a path", nameof(name));
        }
        var publicFile = Path.Combine(directory, name + PublicExtension);
        var secretFile = Path.Combine(directory, name + SecretExtension);
        foreach (var file in new[] { publicFile, secretFile })
        {
            if (File.Exists(file))
            {
                throw new IOException($"{file} already exists; refusing to overwrite a key");
            }
        }
        Directory.CreateDirectory(directory);
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        WriteFile(secretFile, Render(SecretBanner(now), keyPair.PublicKey, keyPair.SecretKey, metadata), secret: true);
        WriteFile(publicFile, Render(PublicBanner(now), keyPair.PublicKey, null, metadata), secret: false);
        return (publicFile, secretFile);
    }

    private static string RequireKey(string value, string name, string source, int lineNumber) =>
        CurveKeyPair.IsValidKey(value) ? value : throw new FormatException($"{source}:{lineNumber}: {name} is not a 40-character Z85 key");

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value.Trim('"', '\'');

    private static string SecretBanner(string now) => $"""
        #   ****  Generated on {now} by Ledger  ****
        #   ZeroMQ CURVE **Secret** Certificate
        #   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.


        """;

    private static string PublicBanner(string now) => $"""
        #   ****  Generated on {now} by Ledger  ****
        #   ZeroMQ CURVE Public Certificate
        #   Exchange securely, or use a secure mechanism to verify the contents
        #   of this file after exchange.


        """;

    private static string Render(string banner, string publicKey, string? secretKey, IReadOnlyDictionary<string, string>? metadata)
    {
        var text = new StringBuilder(banner.Replace("\r\n", "\n", StringComparison.Ordinal));
        text.Append("metadata\n");
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            text.Append(CultureInfo.InvariantCulture, $"    {key} = \"{value}\"\n");
        }
        text.Append("curve\n");
        text.Append(CultureInfo.InvariantCulture, $"    public-key = \"{publicKey}\"\n");
        if (secretKey is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    secret-key = \"{secretKey}\"\n");
        }
        return text.ToString();
    }

    private static void WriteFile(string path, string content, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
        {
            // Created 0600 from the start: a chmod after writing would leave a window where the key is readable.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(content));
        stream.Flush(flushToDisk: true);
    }
}
