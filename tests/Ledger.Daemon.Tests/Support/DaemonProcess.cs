using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ledger.Daemon.Tests.Support;

/// <summary>A real Ledger daemon process on random ports with its own data directory.</summary>
/// <remarks>ZeroMQ endpoints are bound as tcp://127.0.0.1:* and read back from /health, so no port can race.</remarks>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process, string dataDirectory, string httpUrl)
    {
        _process = process;
        DataDirectory = dataDirectory;
        HttpUrl = httpUrl;
    }

    public string DataDirectory { get; }
    public string HttpUrl { get; }
    public string PullEndpoint { get; private set; } = "";
    public string AckEndpoint { get; private set; } = "";
    public string JournalPath => Path.Combine(DataDirectory, "current_session.jsonl");
    public string RejectedPath => Path.Combine(DataDirectory, "rejected.jsonl");
    public int Pid => _process.Id;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the daemon without waiting for it to be healthy.</summary>
    public static DaemonProcess Launch(string dataDirectory, params string[] extraArgs)
    {
        var httpUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dataDirectory)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.DaemonDll);
        foreach (var arg in new[]
        {
            $"--Ledger:DataDirectory={dataDirectory}",
            $"--Ledger:LogDirectory={Path.Combine(Path.GetDirectoryName(dataDirectory)!, "logs")}",
            "--Ledger:Ingest:PullEndpoint=tcp://127.0.0.1:*",
            "--Ledger:Ingest:AckEndpoint=tcp://127.0.0.1:*",
            $"--Ledger:Http:Url={httpUrl}",
        }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }
        if (!extraArgs.Any(a => a.StartsWith("--Ledger:Ingest:SubEndpoints", StringComparison.Ordinal)))
        {
            info.ArgumentList.Add("--Ledger:Ingest:SubEndpoints:0=");
        }
        info.Environment.Remove("LEDGER_CONFIG");
        var process = new Process { StartInfo = info };
        var daemon = new DaemonProcess(process, dataDirectory, httpUrl);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Starts the daemon and waits until /health answers.</summary>
    /// <remarks>
    /// The HTTP port is picked free but bound only later by the daemon; in between, a parallel test's outgoing
    /// connection can take it as its source port. The daemon then exits naming the address, and is started again on
    /// another port.
    /// </remarks>
    public static async Task<DaemonProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        for (var attempt = 1; ; attempt++)
        {
            var daemon = Launch(dataDirectory, extraArgs);
            try
            {
                await daemon.WaitHealthyAsync();
                return daemon;
            }
            catch (InvalidOperationException) when (attempt < 3 && daemon.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                await daemon.DisposeAsync();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async Task WaitHealthyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"daemon exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var health = await HealthAsync();
                PullEndpoint = health.GetProperty("pullEndpoint").GetString()!;
                AckEndpoint = health.GetProperty("ackEndpoint").GetString() ?? "";
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"daemon did not become healthy:\n{Output}");
    }

    public async Task<JsonElement> HealthAsync() =>
        await s_http.GetFromJsonAsync<JsonElement>(HttpUrl + "/health");

    /// <summary>The daemon's /metrics text (Prometheus format).</summary>
    public Task<string> MetricsAsync() => s_http.GetStringAsync(HttpUrl + "/metrics");

    /// <summary>Group commits (one fsync each) so far, from /metrics.</summary>
    public async Task<long> CommitCountAsync()
    {
        const string Name = "ledger_fsync_latency_milliseconds_count ";
        var line = (await MetricsAsync()).Split('\n').Single(l => l.StartsWith(Name, StringComparison.Ordinal));
        return long.Parse(line[Name.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>How many group commits held a single message (<c>ledger_batch_size_messages</c>, bucket 1).</summary>
    public async Task<long> SingleMessageCommitCountAsync()
    {
        const string Name = "ledger_batch_size_messages_bucket{le=\"1\"} ";
        var line = (await MetricsAsync()).Split('\n').Single(l => l.StartsWith(Name, StringComparison.Ordinal));
        return long.Parse(line[Name.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Pushes <paramref name="bursts"/> bursts of <paramref name="perBurst"/> messages (Ids <c>{idPrefix}-0</c>,
    /// <c>-1</c>, …) to the PULL socket, <paramref name="gapMilliseconds"/> apart: a stream, for the pacing tests.
    /// </summary>
    public async Task PushBurstsAsync(string idPrefix, int bursts, int perBurst, int gapMilliseconds)
    {
        using var context = new Ledger.Zmq.ZmqContext();
        using var push = context.CreateSocket(Ledger.Zmq.ZmqSocketType.Push);
        push.SetOption(Ledger.Zmq.ZmqSocketOption.Linger, 5_000);
        push.Connect(PullEndpoint);
        await SendBurstsAsync(push, BurstMessages(idPrefix, bursts, perBurst), perBurst, gapMilliseconds);
    }

    /// <summary>
    /// As <see cref="PushBurstsAsync"/>, from a DEALER to the ROUTER (acked), then reads every ack (true when all came).
    /// </summary>
    public async Task<bool> SendAckedBurstsAsync(string idPrefix, int bursts, int perBurst, int gapMilliseconds)
    {
        using var context = new Ledger.Zmq.ZmqContext();
        using var dealer = context.CreateSocket(Ledger.Zmq.ZmqSocketType.Dealer);
        using var frame = new Ledger.Zmq.ZmqFrame();
        dealer.SetOption(Ledger.Zmq.ZmqSocketOption.RcvTimeo, 10_000);
        dealer.Connect(AckEndpoint);
        await SendBurstsAsync(dealer, BurstMessages(idPrefix, bursts, perBurst), perBurst, gapMilliseconds);
        for (var i = 0; i < bursts * perBurst; i++)
        {
            if (!frame.TryReceive(dealer, dontWait: false))
            {
                return false;
            }
        }
        return true;
    }

    // Made before sending, so a burst's messages leave back to back (the first bursts of a paced test, serialized as
    // they were sent, arrived 1-2 ms apart).
    private static string[] BurstMessages(string idPrefix, int bursts, int perBurst) =>
        Enumerable.Range(0, bursts * perBurst)
            .Select(i => JsonSerializer.Serialize(new { Id = $"{idPrefix}-{i}", SpeakerName = "tester", Message = $"{idPrefix} message {i}", ContextId = $"ctx-{idPrefix}" }))
            .ToArray();

    private static async Task SendBurstsAsync(Ledger.Zmq.ZmqSocket socket, string[] messages, int perBurst, int gapMilliseconds)
    {
        for (var i = 0; i < messages.Length; i++)
        {
            socket.Send(messages[i]);
            if (i % perBurst == perBurst - 1)
            {
                await Task.Delay(gapMilliseconds);
            }
        }
    }

    /// <summary>Waits until /health reports lastSequence ≥ <paramref name="sequence"/> (i.e. fsync'd).</summary>
    public async Task WaitForSequenceAsync(long sequence, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        long last = -1;
        while (DateTime.UtcNow < deadline)
        {
            last = (await HealthAsync()).GetProperty("lastSequence").GetInt64();
            if (last >= sequence)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"lastSequence {last}, expected {sequence}\n{Output}");
    }

    /// <summary>Waits until /health's <paramref name="counter"/> reaches <paramref name="value"/>.</summary>
    public async Task WaitForCounterAsync(string counter, long value, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        long last = -1;
        while (DateTime.UtcNow < deadline)
        {
            last = (await HealthAsync()).GetProperty(counter).GetInt64();
            if (last >= value)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{counter} {last}, expected {value}\n{Output}");
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Sends SIGTERM (what manage.sh stop and systemd send).</summary>
    public void Terminate() => Signals.Terminate(_process.Id);

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Terminate();
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(20));
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        _process.Dispose();
    }
}
