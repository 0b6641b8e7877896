using System.Text.Json;
using Ledger.Zmq;
using Ledger.Zmq.Curve;

namespace Ledger.Client.Tests;

/// <summary>Publisher behaviour against an in-process CURVE PULL behind a <see cref="ZapHandler"/>.</summary>
public sealed class LedgerPublisherTests : IDisposable
{
    private readonly ZmqContext _context = new();
    private readonly CurveKeyPair _server = CurveKeyPair.Generate();
    private readonly CurveKeyPair _agent = CurveKeyPair.Generate();
    private readonly ZapHandler _zap;
    private readonly ZmqSocket _pull;
    private readonly string _endpoint;

    public LedgerPublisherTests()
    {
        _zap = ZapHandler.Start(_context, [_agent.PublicKey]);
        _pull = _context.CreateSocket(ZmqSocketType.Pull);
        _pull.SetOption(ZmqSocketOption.RcvTimeo, 5000);
        _pull.MakeCurveServer(_server.SecretKey, "ingest");
        _endpoint = _pull.Bind("tcp://127.0.0.1:*");
    }

    public void Dispose()
    {
        _pull.Dispose();
        _zap.Dispose();
        _context.Shutdown();
        _context.Dispose();
    }

    [Fact]
    public void TryPublish_CurveWithAuthorizedKey_DeliveredAsAgent()
    {
        using var publisher = new LedgerPublisher(new LedgerPublisherOptions { Endpoint = _endpoint, Curve = new LedgerCurveOptions(_server.PublicKey, _agent) });
        var message = new LedgerMessage("agent", "encrypted hello");

        Assert.True(publisher.TryPublish(message));

        using var frame = new ZmqFrame();
        Assert.True(frame.TryReceive(_pull, dontWait: false));
        Assert.Equal(message.Id, JsonDocument.Parse(frame.Data.ToArray()).RootElement.GetProperty("Id").GetString());
        Assert.Equal(_agent.PublicKey, frame.GetProperty("User-Id"));
    }

    [Fact]
    public void TryPublish_CurveWithUnknownKey_NotDelivered()
    {
        using (var publisher = new LedgerPublisher(new LedgerPublisherOptions
        {
            Endpoint = _endpoint,
            Curve = new LedgerCurveOptions(_server.PublicKey, CurveKeyPair.Generate()),
            Linger = TimeSpan.FromMilliseconds(200),
        }))
        {
            Assert.True(publisher.TryPublish(new LedgerMessage("intruder", "let me in")));
        }

        _pull.SetOption(ZmqSocketOption.RcvTimeo, 500);
        using var frame = new ZmqFrame();
        Assert.False(frame.TryReceive(_pull, dontWait: false));
        Assert.True(SpinWait.SpinUntil(() => _zap.RefusedCount >= 1, TimeSpan.FromSeconds(5)), "the ZAP handler saw no refused handshake");
    }
}
