using Ledger.Client.Tests.Support;
using Ledger.Zmq.Curve;

namespace Ledger.Client.Tests;

/// <summary>Client behaviour against a scripted ROUTER: timeouts, resends, rejections, cancellation, CURVE.</summary>
public sealed class LedgerClientTests
{
    private static LedgerMessage Some(string text = "hello") => new("tester", text);

    [Fact]
    public async Task SendAsync_StoredAck_ReturnsAckWithSequence()
    {
        using var server = new FakeAckServer(_ => "stored");
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint });
        var message = Some();

        var ack = await client.SendAsync(message).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new LedgerAck(message.Id, 1, LedgerAckStatus.Stored), ack);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task SendAsync_NoAck_ResendsSameIdThenThrowsTimeout()
    {
        using var server = new FakeAckServer(_ => null);
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint, AckTimeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 3 });
        var message = Some();

        var ex = await Assert.ThrowsAsync<LedgerTimeoutException>(() => client.SendAsync(message).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(3, ex.Attempts);
        Assert.Equal(message.Id, ex.MessageId);
        var received = server.Received.ToArray();
        Assert.Equal(3, received.Length);
        Assert.All(received, r => Assert.Equal(received[0].Json, r.Json)); // byte-identical resends, same Id
        Assert.Equal(2, client.ResentCount);
    }

    [Fact]
    public async Task SendAsync_AckOnlyForSecondAttempt_Succeeds()
    {
        var attempts = 0;
        using var server = new FakeAckServer(_ => Interlocked.Increment(ref attempts) >= 2 ? "duplicate" : null);
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint, AckTimeout = TimeSpan.FromMilliseconds(200) });

        var ack = await client.SendAsync(Some()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(LedgerAckStatus.Duplicate, ack.Status);
        Assert.Equal(2, server.Received.Count);
    }

    [Fact]
    public async Task SendAsync_RejectedAck_ThrowsWithDaemonError()
    {
        using var server = new FakeAckServer(_ => "rejected");
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint });

        var ex = await Assert.ThrowsAsync<LedgerRejectedException>(() => client.SendAsync(Some()).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("missing SpeakerName", ex.Reason);
    }

    [Fact]
    public async Task SendAsync_SameIdWhileInFlight_ThrowsInvalidOperation()
    {
        using var server = new FakeAckServer(_ => null);
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint });
        var message = Some();
        var first = client.SendAsync(message);

        Assert.Throws<InvalidOperationException>(() => { _ = client.SendAsync(message); });
        client.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task SendAsync_Cancelled_ThrowsOperationCanceledAndFreesId()
    {
        using var server = new FakeAckServer(_ => null);
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(Some(), cancellation.Token).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task SendAsync_CurveWithAuthorizedKey_Acked()
    {
        var serverKey = CurveKeyPair.Generate();
        var clientKey = CurveKeyPair.Generate();
        using var server = new FakeAckServer(_ => "stored", serverKey, [clientKey.PublicKey]);
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint, Curve = new LedgerCurveOptions(serverKey.PublicKey, clientKey) });

        var ack = await client.SendAsync(Some()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(LedgerAckStatus.Stored, ack.Status);
        Assert.Empty(server.Refusals);
    }

    [Fact]
    public async Task SendAsync_CurveWithUnknownKey_RefusedAndTimesOut()
    {
        var serverKey = CurveKeyPair.Generate();
        var stranger = CurveKeyPair.Generate();
        using var server = new FakeAckServer(_ => "stored", serverKey, [CurveKeyPair.Generate().PublicKey]);
        using var client = new LedgerClient(new LedgerClientOptions
        {
            Endpoint = server.Endpoint,
            Curve = new LedgerCurveOptions(serverKey.PublicKey, stranger),
            AckTimeout = TimeSpan.FromMilliseconds(300),
            MaxAttempts = 2,
        });

        await Assert.ThrowsAsync<LedgerTimeoutException>(() => client.SendAsync(Some()).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Empty(server.Received);
        Assert.Contains(server.Refusals, r => r.PublicKey == stranger.PublicKey);
    }

    [Fact]
    public async Task SendAsync_CurveClientAgainstPlainServer_NeverDelivered()
    {
        using var server = new FakeAckServer(_ => "stored");
        using var client = new LedgerClient(new LedgerClientOptions
        {
            Endpoint = server.Endpoint,
            Curve = new LedgerCurveOptions(CurveKeyPair.Generate().PublicKey, CurveKeyPair.Generate()),
            AckTimeout = TimeSpan.FromMilliseconds(300),
            MaxAttempts = 1,
        });

        await Assert.ThrowsAsync<LedgerTimeoutException>(() => client.SendAsync(Some()).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(server.Received);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_MaxAttemptsBelowOne_Throws(int attempts) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LedgerClient(new LedgerClientOptions { MaxAttempts = attempts }));

    [Fact]
    public async Task SendAsync_CurveFromKeygenCertificateFiles_Acked()
    {
        var directory = Directory.CreateTempSubdirectory("ledger-client-certs-");
        try
        {
            var serverKey = CurveKeyPair.Generate();
            var clientKey = CurveKeyPair.Generate();
            var (serverPublicFile, _) = ZplCertificate.Write(directory.FullName, "daemon", serverKey);
            var (_, clientSecretFile) = ZplCertificate.Write(directory.FullName, "agent", clientKey);
            using var server = new FakeAckServer(_ => "stored", serverKey, [clientKey.PublicKey]);
            var curve = LedgerCurveOptions.FromCertificateFiles(serverPublicFile, clientSecretFile);
            using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint, Curve = curve });

            var ack = await client.SendAsync(Some()).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(LedgerAckStatus.Stored, ack.Status);
            Assert.Equal(clientKey.PublicKey, curve.ClientKeyPair.PublicKey);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void SendAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var client = new LedgerClient(new LedgerClientOptions { Endpoint = "tcp://127.0.0.1:1" });
        client.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = client.SendAsync(Some()); });
    }

    [Fact]
    public async Task SendAsync_ManyInFlightAcksOutOfOrder_EachTaskGetsItsOwnAck()
    {
        // Acks for even Ids only on the second attempt: acks arrive interleaved and out of send order.
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var server = new FakeAckServer(id => seen.AddOrUpdate(id, 1, (_, n) => n + 1) >= 2 || id.EndsWith('1') ? "stored" : null);
        using var client = new LedgerClient(new LedgerClientOptions { Endpoint = server.Endpoint, AckTimeout = TimeSpan.FromMilliseconds(200) });
        var messages = Enumerable.Range(0, 200).Select(i => Some($"m{i}") with { Id = $"id-{i:D3}-{i % 2}" }).ToList();

        var acks = await Task.WhenAll(messages.Select(m => client.SendAsync(m))).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(messages.Select(m => m.Id), acks.Select(a => a.Id));
        Assert.Equal(100, client.ResentCount);
    }
}
