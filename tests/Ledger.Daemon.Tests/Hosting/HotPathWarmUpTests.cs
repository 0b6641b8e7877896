using Ledger.Core.Ingest;
using Ledger.Daemon.Hosting;
using Ledger.Zmq;

namespace Ledger.Daemon.Tests.Hosting;

public sealed class HotPathWarmUpTests
{
    [Fact]
    public void Types_EachListedType_HasMethodsToCompile()
    {
        // A listed interface, or an open generic, would compile nothing and warm nothing up.
        foreach (var type in HotPathWarmUp.Types.Concat(HotPathWarmUp.SocketTypes))
        {
            Assert.True(MethodPrecompiler.PrepareDeclaredMethods(type) > 0, $"{type.Name} has no method that can be compiled ahead");
        }
    }

    [Fact]
    public void Run_DaemonHotPath_CompilesEveryListedTypesMethods()
    {
        var (methods, elapsed) = HotPathWarmUp.Run();

        Assert.Equal(MethodPrecompiler.PrepareDeclaredMethods(HotPathWarmUp.Types), methods);
        Assert.True(elapsed > TimeSpan.Zero);
    }

    [Fact]
    public void RunSockets_WithLibZmqLoaded_CompilesEverySocketTypesMethods()
    {
        using var context = new ZmqContext();
        using var socket = context.CreateSocket(ZmqSocketType.Pull);

        var (methods, elapsed) = HotPathWarmUp.RunSockets();

        Assert.Equal(MethodPrecompiler.PrepareDeclaredMethods(HotPathWarmUp.SocketTypes), methods);
        Assert.True(elapsed > TimeSpan.Zero);
    }
}
