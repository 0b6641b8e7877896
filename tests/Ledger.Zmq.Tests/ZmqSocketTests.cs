using System.Text;

namespace Ledger.Zmq.Tests;

public sealed class ZmqSocketTests : IDisposable
{
    private readonly ZmqContext _context = new();

    public void Dispose()
    {
        _context.Shutdown();
        _context.Dispose();
    }

    [Fact]
    public void Bind_WildcardPort_ReturnsBoundEndpoint()
    {
        using var pull = _context.CreateSocket(ZmqSocketType.Pull);
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        Assert.Matches(@"^tcp://127\.0\.0\.1:\d+$", endpoint);
        Assert.NotEqual("tcp://127.0.0.1:0", endpoint);
    }

    [Fact]
    public void Bind_PortInUse_ThrowsWithErrnoAndText()
    {
        using var first = _context.CreateSocket(ZmqSocketType.Pull);
        var endpoint = first.Bind("tcp://127.0.0.1:*");
        using var second = _context.CreateSocket(ZmqSocketType.Pull);
        var ex = Assert.Throws<ZmqException>(() => second.Bind(endpoint));
        Assert.Equal(ZmqErrors.EADDRINUSE, ex.ErrorNumber);
        Assert.Contains("in use", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TryReceive_MultipartFromPush_DeliversFramesInOrderWithMore()
    {
        using var pull = _context.CreateSocket(ZmqSocketType.Pull);
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var push = _context.CreateSocket(ZmqSocketType.Push);
        push.Connect(endpoint);
        push.Send("topic", ZmqSendFlags.SendMore);
        push.Send("{\"a\":1}");

        using var frame = new ZmqFrame();
        pull.SetOption(ZmqSocketOption.RcvTimeo, 5000);
        Assert.True(frame.TryReceive(pull, dontWait: false));
        Assert.Equal("topic", Encoding.UTF8.GetString(frame.Data));
        Assert.True(frame.More);
        Assert.True(frame.TryReceive(pull, dontWait: false));
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(frame.Data));
        Assert.False(frame.More);
        Assert.False(frame.TryReceive(pull, dontWait: true));
    }

    [Fact]
    public void Poll_PendingInput_ReportsOnlyReadableSocket()
    {
        using var quiet = _context.CreateSocket(ZmqSocketType.Pull);
        quiet.Bind("tcp://127.0.0.1:*");
        using var busy = _context.CreateSocket(ZmqSocketType.Pull);
        var endpoint = busy.Bind("tcp://127.0.0.1:*");
        using var push = _context.CreateSocket(ZmqSocketType.Push);
        push.Connect(endpoint);
        push.Send("x");

        using var poller = new ZmqPoller();
        var quietIndex = poller.Add(quiet);
        var busyIndex = poller.Add(busy);
        Assert.Equal(1, poller.Poll(5000));
        Assert.False(poller.IsReadable(quietIndex));
        Assert.True(poller.IsReadable(busyIndex));
    }

    [Fact]
    public void Shutdown_BlockedReceive_ThrowsContextTerminated()
    {
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            using var pull = _context.CreateSocket(ZmqSocketType.Pull);
            pull.Bind("tcp://127.0.0.1:*");
            using var frame = new ZmqFrame();
            try
            {
                frame.TryReceive(pull, dontWait: false);
            }
            catch (ZmqException ex)
            {
                caught = ex;
            }
        });
        thread.Start();
        Thread.Sleep(200);
        _context.Shutdown();
        Assert.True(thread.Join(5000), "receive did not wake on shutdown");
        Assert.True(Assert.IsType<ZmqException>(caught).IsContextTerminated);
    }

    [Fact]
    public void Version_LoadedLibrary_IsAtLeast43()
    {
        var (major, minor, _) = ZmqContext.Version;
        Assert.True(major > 4 || (major == 4 && minor >= 3), $"libzmq {major}.{minor}");
    }
}
