using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ledger.Zmq;

namespace Ledger.Cli.Bench;

/// <summary>Acknowledged delivery through the daemon's ROUTER: throughput at a fixed window, and latency at a fixed rate.</summary>
/// <remarks>
/// The ack is sent only after the fsync that covers the message, so send → ack bounds send → fsync from above (it
/// adds one loopback hop back). One DEALER on this thread sends and receives: sockets stay on one thread.
/// </remarks>
internal static class AckedBench
{
    /// <summary>Acks per second with <paramref name="window"/> messages in flight, over <paramref name="duration"/>.</summary>
    /// <remarks>With <paramref name="dataDirectory"/>, that journal's messages (<see cref="JournalPayloads"/>).</remarks>
    public static double Throughput(string ackEndpoint, int window, TimeSpan duration, string prefix, string? dataDirectory = null)
    {
        using var context = new ZmqContext();
        using var dealer = Connect(context, ackEndpoint);
        using var frame = new ZmqFrame();
        var templates = BenchPayloads.Templates(prefix, 100, dataDirectory);
        var buffer = new byte[templates.Max(t => t.Length)];
        long sent = 0, acked = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration)
        {
            while (sent - acked < window)
            {
                Send(dealer, templates, buffer, prefix, sent++);
            }
            if (!frame.TryReceive(dealer, dontWait: false))
            {
                throw new TimeoutException($"no ack within 10 s ({acked} acked)");
            }
            acked++;
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return acked / seconds;
    }

    /// <summary>
    /// Round trips (ms) of <paramref name="count"/> acked messages sent one at a time, each after the previous ack: on
    /// a daemon just started, what a client's first messages wait.
    /// </summary>
    /// <remarks>
    /// The connection is given <paramref name="settle"/> first, so its handshake is not part of the first round trip,
    /// and this client's own side of a round trip is warmed first against an echo in this process: its first calls
    /// (compiled by the JIT, the native stubs made) made the echo's first round trip 1.3–1.5 ms against 0.07–0.2 for
    /// the next, time that is not the daemon's.
    /// </remarks>
    public static double[] OneAtATime(string ackEndpoint, int count, TimeSpan settle, string prefix, string? dataDirectory = null)
    {
        using var context = new ZmqContext();
        var templates = BenchPayloads.Templates(prefix, Math.Max(1, count), dataDirectory);
        using (var echo = context.CreateSocket(ZmqSocketType.Router))
        {
            var echoEndpoint = echo.Bind("tcp://127.0.0.1:*");
            using var echoFrame = new ZmqFrame();
            using var warmDealer = Connect(context, echoEndpoint);
            RoundTrips(warmDealer, templates, prefix, 20, () =>
            {
                // DEALER → ROUTER arrives as [routing id][payload]; sent back the same way.
                echoFrame.TryReceive(echo, dontWait: false);
                var routingId = echoFrame.Data.ToArray();
                echoFrame.TryReceive(echo, dontWait: false);
                echo.Send(routingId, ZmqSendFlags.SendMore);
                echo.Send(echoFrame.Data);
            });
        }
        using var dealer = Connect(context, ackEndpoint);
        Thread.Sleep(settle);
        return RoundTrips(dealer, templates, prefix, count, reply: null);
    }

    /// <summary>
    /// Sends <paramref name="count"/> messages one at a time and times each until its reply; <paramref name="reply"/>
    /// (for an echo in this process) runs after each send.
    /// </summary>
    private static double[] RoundTrips(ZmqSocket dealer, byte[][] templates, string prefix, int count, Action? reply)
    {
        using var frame = new ZmqFrame();
        var buffer = new byte[templates.Max(t => t.Length)];
        var trips = new double[count];
        for (var i = 0; i < count; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            Send(dealer, templates, buffer, prefix, i);
            reply?.Invoke();
            if (!frame.TryReceive(dealer, dontWait: false))
            {
                throw new TimeoutException($"no reply within 10 s for message {i + 1} of {count}");
            }
            trips[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        }
        return trips;
    }

    /// <summary>
    /// Send → ack latencies (ms), and the client's own stalls, at <paramref name="ratePerSecond"/> for <paramref name="duration"/>, after
    /// <paramref name="warmup"/> at the same rate whose messages are sent and acked but not counted.
    /// </summary>
    /// <remarks>
    /// The warm-up exists because the first few hundred milliseconds measure this client, not the daemon: its loop
    /// is still being JIT-compiled and tiered up, and the DEALER's connection is new. Without it one 50–100 ms stall
    /// at the start was the whole p99 of a 5 s run (1 % of 100,000 messages is 50 ms of traffic).
    /// When <paramref name="timelineFile"/> is given, every measured message's send and ack times (Stopwatch ticks,
    /// CLOCK_MONOTONIC on Linux, so they line up with <c>perf record -k mono</c>) are written there as CSV.
    /// With <paramref name="dataDirectory"/> the messages are that journal's (<see cref="JournalPayloads"/>).
    /// <paramref name="stopSending"/>, when given, is checked every tick after the warm-up: once it is true nothing
    /// more is sent and the run ends with the acks of what was; <paramref name="duration"/> is then the longest it may run.
    /// </remarks>
    public static (double[] Latencies, SenderStalls Stalls) Latencies(string ackEndpoint, int ratePerSecond, TimeSpan duration, TimeSpan warmup, string prefix,
        string? timelineFile = null, string? dataDirectory = null, Func<bool>? stopSending = null)
    {
        using var context = new ZmqContext();
        using var dealer = Connect(context, ackEndpoint);
        using var frame = new ZmqFrame();
        using var poller = new ZmqPoller();
        poller.Add(dealer);
        var templates = BenchPayloads.Templates(prefix, 100, dataDirectory);
        var buffer = new byte[templates.Max(t => t.Length)];
        var marker = Encoding.UTF8.GetBytes($"\"Id\":\"{prefix}-");
        var skipped = (long)(ratePerSecond * warmup.TotalSeconds);
        var total = skipped + (long)(ratePerSecond * duration.TotalSeconds);
        var sentAt = new long[total];
        var ackedAt = new long[total];
        var acked = 0L;
        var interval = Stopwatch.Frequency / (double)ratePerSecond;
        long sent = 0;
        var start = Stopwatch.GetTimestamp();
        while (acked < total)
        {
            if (sent > skipped && sent < total && stopSending?.Invoke() == true)
            {
                total = sent;
                continue; // all of them may be acked already
            }
            var now = Stopwatch.GetTimestamp();
            // Open-loop pacing: send everything whose scheduled time has come, whatever the acks are doing.
            while (sent < total && now - start >= sent * interval)
            {
                sentAt[sent] = Stopwatch.GetTimestamp();
                Send(dealer, templates, buffer, prefix, sent++);
            }
            // Sleep in the poll until the next 1 ms tick rather than spinning: on a 2-core machine a spinning
            // client takes a whole core from the daemon it measures. Sends due within the tick go out together.
            if (poller.Poll(sent < total ? 1 : 10_000) == 0 && sent >= total)
            {
                throw new TimeoutException($"latency run: {acked} of {total} acks after 10 s of silence");
            }
            while (frame.TryReceive(dealer, dontWait: true))
            {
                var received = Stopwatch.GetTimestamp();
                var index = ParseIndex(frame.Data, marker);
                if (index >= 0 && index < total && ackedAt[index] == 0)
                {
                    ackedAt[index] = received;
                    acked++;
                }
            }
        }
        var latencies = new double[total - skipped];
        for (var i = skipped; i < total; i++)
        {
            latencies[i - skipped] = Stopwatch.GetElapsedTime(sentAt[i], ackedAt[i]).TotalMilliseconds;
        }
        if (timelineFile is not null)
        {
            using var writer = new StreamWriter(timelineFile);
            writer.WriteLine("sent_ticks,acked_ticks,latency_ms");
            for (var i = skipped; i < total; i++)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sentAt[i]},{ackedAt[i]},{latencies[i - skipped]:F3}"));
            }
        }
        return (latencies, SenderStalls.Find(sentAt, ackedAt, skipped));
    }

    public static double Percentile(double[] values, double percentile)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static ZmqSocket Connect(ZmqContext context, string endpoint)
    {
        var dealer = context.CreateSocket(ZmqSocketType.Dealer);
        dealer.SetOption(ZmqSocketOption.SndHwm, 0);
        dealer.SetOption(ZmqSocketOption.RcvHwm, 0);
        dealer.SetOption(ZmqSocketOption.RcvTimeo, 10_000);
        dealer.Connect(endpoint);
        return dealer;
    }

    private static void Send(ZmqSocket dealer, byte[][] templates, byte[] buffer, string prefix, long index)
    {
        var template = templates[index % templates.Length];
        var message = buffer.AsSpan(0, template.Length);
        template.CopyTo(message);
        BenchPayloads.Patch(message, prefix.Length, index);
        dealer.Send(message);
    }

    /// <summary>Reads the index back out of an ack's Id (<c>{"Id":"prefix-000000000042",…</c>).</summary>
    private static long ParseIndex(ReadOnlySpan<byte> ack, ReadOnlySpan<byte> marker)
    {
        var at = ack.IndexOf(marker);
        if (at < 0 || at + marker.Length + BenchPayloads.IdDigits > ack.Length)
        {
            return -1;
        }
        long value = 0;
        foreach (var digit in ack.Slice(at + marker.Length, BenchPayloads.IdDigits))
        {
            value = (value * 10) + (digit - '0');
        }
        return value;
    }
}
