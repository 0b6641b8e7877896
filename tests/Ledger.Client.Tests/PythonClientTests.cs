using Ledger.Client.Tests.Support;
using Ledger.Daemon.Tests.Support;
using Ledger.Zmq.Curve;

namespace Ledger.Client.Tests;

/// <summary>The Python client module (tools/clients/python/ledger_client.py) against a scripted CURVE ROUTER.</summary>
public sealed class PythonClientTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SendMany_CurveWithKeygenCertificates_AckedAndUserAuthorized()
    {
        var serverKey = CurveKeyPair.Generate();
        var agentKey = CurveKeyPair.Generate();
        var (serverPublicFile, _) = ZplCertificate.Write(_temp.Path, "daemon", serverKey);
        var (_, agentSecretFile) = ZplCertificate.Write(_temp.Path, "agent", agentKey);
        using var server = new FakeAckServer(_ => "stored", serverKey, [agentKey.PublicKey]);
        var ackFile = _temp.Combine("acks.txt");

        using (var peer = PythonPeer.Start("acked_sends.py", server.Endpoint, "20", ackFile, serverPublicFile, agentSecretFile))
        {
            await peer.CompleteAsync(TimeSpan.FromSeconds(30));
        }

        var acks = File.ReadAllLines(ackFile);
        Assert.Equal(20, acks.Length);
        Assert.All(acks, a => Assert.Contains(" stored ", a, StringComparison.Ordinal));
        Assert.Equal(20, server.Received.Count);
        Assert.Empty(server.Refusals);
    }

    [Fact]
    public async Task SendMany_ScriptedRouterAcksSecondAttempt_ReusesIdAndSucceeds()
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var server = new FakeAckServer(id => seen.AddOrUpdate(id, 1, (_, n) => n + 1) >= 2 ? "duplicate" : null);
        var ackFile = _temp.Combine("acks.txt");

        using (var peer = PythonPeer.Start("acked_sends.py", server.Endpoint, "3", ackFile, "--ack-timeout=0.2"))
        {
            await peer.CompleteAsync(TimeSpan.FromSeconds(30));
        }

        Assert.All(File.ReadAllLines(ackFile), a => Assert.Contains(" duplicate ", a, StringComparison.Ordinal));
        // Each message is answered only from its second attempt on. On a loaded machine that answer can itself
        // arrive after the 0.2 s timeout and cause a third attempt, so count "at least two", never "exactly six".
        var attempts = server.Received.GroupBy(r => r.Id).ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, g => Assert.True(g.Count() >= 2, $"{g.Key} was sent {g.Count()} time(s)"));
        Assert.All(attempts, g => Assert.Single(g.Select(r => r.Json).Distinct()));
    }
}
