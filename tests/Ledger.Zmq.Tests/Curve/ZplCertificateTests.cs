using Ledger.Zmq.Curve;
using Ledger.Zmq.Tests.Support;

namespace Ledger.Zmq.Tests.Curve;

public sealed class ZplCertificateTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_FilesFromPyzmqCreateCertificates_ReturnsPyzmqKeys()
    {
        var output = Python.Run("""
            import sys, zmq.auth
            pub, sec = zmq.auth.create_certificates(sys.argv[1], "agent", metadata={"role": "tester"})
            p, s = zmq.auth.load_certificate(sec)
            print(p.decode()); print(s.decode())
            """, _directory.Path);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var secret = ZplCertificate.Load(Path.Combine(_directory.Path, "agent.key_secret"));
        var @public = ZplCertificate.Load(Path.Combine(_directory.Path, "agent.key"));

        Assert.Equal(lines[0], secret.PublicKey);
        Assert.Equal(lines[1], secret.SecretKey);
        Assert.Equal("tester", secret.Metadata["role"]);
        Assert.Equal(lines[0], @public.PublicKey);
        Assert.Null(@public.SecretKey);
        Assert.Equal(lines[0], secret.ToKeyPair().PublicKey);
    }

    [Fact]
    public void Write_KeyPair_LoadsInPyzmq()
    {
        var pair = CurveKeyPair.Generate();
        var (publicFile, secretFile) = ZplCertificate.Write(_directory.Path, "daemon", pair);

        var output = Python.Run("""
            import sys, zmq.auth
            p, s = zmq.auth.load_certificate(sys.argv[1]); print(p.decode(), s.decode())
            p, s = zmq.auth.load_certificate(sys.argv[2]); print(p.decode(), s)
            print(len(zmq.auth.load_certificates(sys.argv[3])))
            """, secretFile, publicFile, _directory.Path);

        Assert.Equal($"{pair.PublicKey} {pair.SecretKey}\n{pair.PublicKey} None\n1\n", output);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Write_SecretFile_IsOwnerReadWriteOnly()
    {
        var (_, secretFile) = ZplCertificate.Write(_directory.Path, "daemon", CurveKeyPair.Generate());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
    }

    [Fact]
    public void Write_ExistingFile_ThrowsAndKeepsOldKey()
    {
        var first = CurveKeyPair.Generate();
        ZplCertificate.Write(_directory.Path, "daemon", first);
        Assert.Throws<IOException>(() => ZplCertificate.Write(_directory.Path, "daemon", CurveKeyPair.Generate()));
        Assert.Equal(first.SecretKey, ZplCertificate.Load(Path.Combine(_directory.Path, "daemon.key_secret")).SecretKey);
    }

    [Fact]
    public void Parse_SingleQuotesTabsCommentsAndCzmqLayout_ReadsCurveSection()
    {
        var pair = CurveKeyPair.Generate();
        var decoy = CurveKeyPair.Generate();
        var text = $"#   ZeroMQ CURVE **Secret** Certificate\r\n#   public-key = \"{decoy.PublicKey}\"\r\n\r\nmetadata\r\n\tname = 'bob'\r\n\tpublic-key = \"{decoy.PublicKey}\"\r\ncurve\r\n\tpublic-key = '{pair.PublicKey}'\r\n        secret-key =   \"{pair.SecretKey}\"   \r\n";

        var certificate = ZplCertificate.Parse(text);

        Assert.Equal(pair.PublicKey, certificate.PublicKey);
        Assert.Equal(pair.SecretKey, certificate.SecretKey);
        Assert.Equal("bob", certificate.Metadata["name"]);
    }

    [Theory]
    [InlineData("metadata\ncurve\n")]
    [InlineData("curve\n    public-key = \"short\"\n")]
    public void Parse_MissingOrMalformedPublicKey_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => ZplCertificate.Parse(text));

    [Fact]
    public void LoadPublicKeys_DirectoryWithPublicAndSecretFiles_ReturnsEachPublicKeyOnce()
    {
        var alice = CurveKeyPair.Generate();
        var bob = CurveKeyPair.Generate();
        ZplCertificate.Write(_directory.Path, "alice", alice);
        ZplCertificate.Write(_directory.Path, "bob", bob);
        File.WriteAllText(Path.Combine(_directory.Path, "README.txt"), "not a key");

        var keys = ZplCertificate.LoadPublicKeys(_directory.Path);

        Assert.Equal(new[] { alice.PublicKey, bob.PublicKey }.Order(), keys.Order());
    }
}
