using Ledger.Core.Journal;
using Ledger.Daemon.Tests.Support;

namespace Ledger.Daemon.Tests.EndToEnd;

/// <summary>CURVE with keys made by pyzmq's zmq.auth: only authorized clients get in, the daemon keeps serving.</summary>
public sealed class CurveEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CurveEnabled_OnlyAuthorizedPyzmqClientIsStored()
    {
        var keys = _temp.Combine("keys");
        var authorized = _temp.Combine("authorized");
        Directory.CreateDirectory(keys);
        Directory.CreateDirectory(authorized);
        using (var certs = PythonPeer.Start("make_certs.py", keys, "server", "trusted", "stranger"))
        {
            await certs.CompleteAsync();
        }
        File.Copy(Path.Combine(keys, "trusted.key"), Path.Combine(authorized, "trusted.key"));

        await using var daemon = await DaemonProcess.StartAsync(_temp.Combine("data"),
            "--Ledger:Security:Curve:Enabled=true",
            $"--Ledger:Security:Curve:ServerSecretKeyFile={Path.Combine(keys, "server.key_secret")}",
            $"--Ledger:Security:Curve:AuthorizedKeysDirectory={authorized}");
        var serverKey = Path.Combine(keys, "server.key");

        using (var stranger = PythonPeer.Start("curve_push.py", daemon.PullEndpoint, "5", "stranger", serverKey, Path.Combine(keys, "stranger.key_secret")))
        using (var plain = PythonPeer.Start("curve_push.py", daemon.PullEndpoint, "5", "plain"))
        using (var trusted = PythonPeer.Start("curve_push.py", daemon.PullEndpoint, "20", "trusted", serverKey, Path.Combine(keys, "trusted.key_secret")))
        {
            await Task.WhenAll(stranger.CompleteAsync(), plain.CompleteAsync(), trusted.CompleteAsync());
        }
        await daemon.WaitForSequenceAsync(20);
        await Task.Delay(500); // anything wrongly admitted would have landed by now

        var records = JournalReader.ReadFile(daemon.JournalPath).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"trusted-{i}"), records.Select(r => r.Id));
        var health = await daemon.HealthAsync();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var metrics = await daemon.MetricsAsync();
        var refused = metrics.Split('\n').Single(l => l.StartsWith("ledger_refused_handshakes_total ", StringComparison.Ordinal));
        Assert.True(long.Parse(refused.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 2, refused);
        Assert.Contains("Refused a connection", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurveEnabled_MissingServerKey_StopsStartupNamingTheKey()
    {
        await using var daemon = DaemonProcess.Launch(_temp.Combine("data"),
            "--Ledger:Security:Curve:Enabled=true",
            $"--Ledger:Security:Curve:ServerSecretKeyFile={_temp.Combine("nope.key_secret")}",
            $"--Ledger:Security:Curve:AuthorizedKeysDirectory={_temp.Path}");
        Assert.NotEqual(0, await daemon.WaitForExitAsync());
        Assert.Contains("Ledger:Security:Curve:ServerSecretKeyFile", daemon.Output, StringComparison.Ordinal);
    }
}
