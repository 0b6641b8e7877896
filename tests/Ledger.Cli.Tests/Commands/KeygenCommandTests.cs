using Ledger.Cli.Commands;
using Ledger.Zmq.Curve;

namespace Ledger.Cli.Tests.Commands;

public sealed class KeygenCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-keygen-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static Task<int> RunAsync(params string[] args)
    {
        var command = new KeygenCommand();
        return command.RunAsync(CliArguments.Parse(args, command.ValueOptions, command.FlagOptions), CancellationToken.None);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task RunAsync_NameAndOut_WritesMatchingCertificatesWithSecretMode0600()
    {
        Assert.Equal(0, await RunAsync("daemon", "--out", _directory));

        var @public = ZplCertificate.Load(Path.Combine(_directory, "daemon.key"));
        var secret = ZplCertificate.Load(Path.Combine(_directory, "daemon.key_secret"));
        Assert.Null(@public.SecretKey);
        Assert.Equal(@public.PublicKey, secret.ToKeyPair().PublicKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "daemon.key_secret")));
    }

    [Fact]
    public async Task RunAsync_FilesExist_ExitsOneAndKeepsThem()
    {
        Assert.Equal(0, await RunAsync("agent", "--out", _directory));
        var before = await File.ReadAllTextAsync(Path.Combine(_directory, "agent.key_secret"));

        Assert.Equal(1, await RunAsync("agent", "--out", _directory));

        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_directory, "agent.key_secret")));
    }

    [Theory]
    [InlineData()]
    [InlineData("a", "b")]
    [InlineData("../escape")]
    public async Task RunAsync_BadPositionals_ThrowsUsage(params string[] args) =>
        await Assert.ThrowsAsync<UsageException>(() => RunAsync(args));
}
