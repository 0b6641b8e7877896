using Ledger.Zmq;

namespace Ledger.Cli.Bench;

/// <summary>The transport's ceiling: the same sender process PUSHing to a bare PULL that only counts (no processing).</summary>
internal static class RawCeilingBench
{
    /// <remarks>With <paramref name="dataDirectory"/> the sender sends that journal's messages.</remarks>
    public static (double Seconds, long Bytes) Run(long count, string? dataDirectory = null)
    {
        using var context = new ZmqContext();
        using var pull = context.CreateSocket(ZmqSocketType.Pull);
        pull.SetOption(ZmqSocketOption.RcvHwm, 100_000);
        var endpoint = pull.Bind("tcp://127.0.0.1:*");
        using var sender = SenderProcess.Start(endpoint, count, "raw", dataDirectory);
        using var frame = new ZmqFrame();
        using var poller = new ZmqPoller();
        poller.Add(pull);
        long received = 0, bytes = 0;
        var stopwatch = SenderProcess.Go(sender);
        // The same receive pattern as the daemon: a blocking poll, then drain with DONTWAIT.
        while (received < count)
        {
            if (poller.Poll(10_000) == 0)
            {
                throw new TimeoutException($"raw ceiling: {received} of {count} received after 10 s of silence\n{sender.Output}");
            }
            while (received < count && frame.TryReceive(pull, dontWait: true))
            {
                received++;
                bytes += frame.Size;
            }
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        sender.WaitForExit(TimeSpan.FromSeconds(60));
        return (seconds, bytes);
    }
}
