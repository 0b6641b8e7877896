using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Ledger.Cli.Bench;

/// <summary>A real daemon process on loopback with a temporary data directory, as the benchmark drives it.</summary>
internal sealed class DaemonUnderTest : IDisposable
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ChildProcess _process;

    private DaemonUnderTest(ChildProcess process, string dataDirectory, string httpUrl)
    {
        _process = process;
        DataDirectory = dataDirectory;
        HttpUrl = httpUrl;
    }

    public string DataDirectory { get; }
    public string HttpUrl { get; }
    public string PullEndpoint { get; private set; } = "";
    public string AckEndpoint { get; private set; } = "";
    public long PeakRssBytes => _process.PeakRssBytes;

    /// <summary>The daemon's process id.</summary>
    public int Pid => _process.Pid;

    /// <summary>CPU time the daemon has used so far, all threads.</summary>
    public TimeSpan CpuTime => _process.CpuTime;

    /// <summary>Starts the daemon with <paramref name="runtimeEnvironment"/> (config/runtime.env, see <see cref="RuntimeEnvFile"/>).</summary>
    public static DaemonUnderTest Start(string daemonDll, string dataDirectory, IEnumerable<KeyValuePair<string, string>> runtimeEnvironment)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var httpUrl = $"http://127.0.0.1:{port}";
        var process = ChildProcess.StartDotnet(daemonDll,
        [
            $"--Ledger:DataDirectory={dataDirectory}",
            $"--Ledger:LogDirectory={Path.Combine(dataDirectory, "..", "logs")}",
            "--Ledger:Ingest:PullEndpoint=tcp://127.0.0.1:*",
            "--Ledger:Ingest:AckEndpoint=tcp://127.0.0.1:*",
            "--Ledger:Ingest:SubEndpoints:0=",
            $"--Ledger:Http:Url={httpUrl}",
            "--Ledger:Checkpoints:IntervalSeconds=86400",
        ], environment: runtimeEnvironment);
        var daemon = new DaemonUnderTest(process, dataDirectory, httpUrl);
        daemon.WaitHealthy();
        daemon.WarmUpPolling();
        return daemon;
    }

    /// <summary>
    /// Runs the /health poll until this process's JIT has compiled it for good, before anything is timed.
    /// </summary>
    /// <remarks>
    /// A method is recompiled in the background after 30 calls (twice with dynamic PGO: instrumented, then
    /// optimized), and calls are only counted once no new method has been compiled for 100 ms. The first polls used
    /// to happen during the durable run, and then ~240 HttpClient and JSON methods were compiled at once: 0.4 s of
    /// one core on the 2-core machine, in the middle of what was measured (seen with perf sched). So this polls
    /// until the count of compiled methods has not moved for half a second (at most 15 s).
    /// </remarks>
    private void WarmUpPolling()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline && DateTime.UtcNow - stableSince < TimeSpan.FromMilliseconds(500))
        {
            _ = LastSequence;
            Thread.Sleep(5);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                (compiled, stableSince) = (now, DateTime.UtcNow);
            }
        }
    }

    private void WaitHealthy()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the daemon exited during start-up:\n" + _process.Output);
            }
            try
            {
                // Not Health(): while the daemon starts, a refused connection is expected and retried at once.
                var health = RequestHealth().GetAwaiter().GetResult();
                PullEndpoint = health.GetProperty("pullEndpoint").GetString()!;
                AckEndpoint = health.GetProperty("ackEndpoint").GetString()!;
                return;
            }
            catch (HttpRequestException)
            {
                Thread.Sleep(100);
            }
        }
        throw new TimeoutException("the daemon did not answer /health:\n" + _process.Output);
    }

    public JsonElement Health() => Get(RequestHealth);

    /// <summary>The daemon's /metrics text (Prometheus format).</summary>
    public string Metrics() => Get(() => s_http.GetStringAsync(HttpUrl + "/metrics"));

    /// <summary>
    /// An HTTP request to the daemon; when it fails because the daemon has exited, an error that says so, with its
    /// exit code and its last output (a bare "connection refused" told nothing about why a bench run ended).
    /// </summary>
    private Task<JsonElement> RequestHealth() => s_http.GetFromJsonAsync<JsonElement>(HttpUrl + "/health");

    private T Get<T>(Func<Task<T>> request)
    {
        try
        {
            return request().GetAwaiter().GetResult();
        }
        catch (HttpRequestException ex) when (HasExitedWithin(TimeSpan.FromSeconds(2)))
        {
            throw new InvalidOperationException($"the daemon exited (code {_process.ExitCode}) while the bench ran; its output:\n{_process.Output}", ex);
        }
    }

    private bool HasExitedWithin(TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (!_process.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        return _process.HasExited;
    }

    public long LastSequence => Health().GetProperty("lastSequence").GetInt64();

    /// <summary>Polls /health until lastSequence reaches <paramref name="sequence"/>.</summary>
    /// <remarks>
    /// The poll must not become the load it measures: every /health request wakes the daemon's thread pool, whose
    /// workers then spin on this 2-core machine (polling every 5 ms cost the daemon ~7 % of its CPU during the
    /// durable run). So the interval follows the progress seen so far: half the time the rest should take at the
    /// rate measured between the last two polls, between 5 and 100 ms. The end is still seen within 5 ms.
    /// </remarks>
    public void WaitForSequence(long sequence, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = LastSequence;
        var lastAt = clock.Elapsed;
        var ratePerSecond = 0.0; // made durable per second between the last two polls
        while (last < sequence)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"lastSequence stayed below {sequence}:\n{_process.Output}");
            }
            Thread.Sleep(PollInterval(sequence - last, ratePerSecond, clock.Elapsed - lastAt));
            var now = LastSequence;
            var nowAt = clock.Elapsed;
            ratePerSecond = now > last ? (now - last) / (nowAt - lastAt).TotalSeconds : ratePerSecond;
            (last, lastAt) = (now, nowAt);
        }
    }

    private static TimeSpan PollInterval(long remaining, double ratePerSecond, TimeSpan sinceLastPoll)
    {
        if (ratePerSecond <= 0)
        {
            return TimeSpan.FromMilliseconds(5);
        }
        var half = TimeSpan.FromSeconds(remaining / ratePerSecond / 2) - sinceLastPoll;
        return TimeSpan.FromMilliseconds(Math.Clamp(half.TotalMilliseconds, 5, 100));
    }

    /// <summary>
    /// Seals a checkpoint of everything persisted since the last one (<c>POST /api/checkpoints</c>, as the daemon's
    /// timer does every <c>IntervalSeconds</c>): returns when the JSON and Parquet copies are written and the journal
    /// rotated (the daemon runs with the default <c>Ledger:Retention:MaxJournalBytes</c>).
    /// </summary>
    /// <returns>The records the checkpoint holds.</returns>
    public long SealCheckpoint()
    {
        // A seal of a million records takes seconds, longer than the polls' client waits.
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        using var response = Get(() => http.PostAsync(HttpUrl + "/api/checkpoints?label=bench", content: null));
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"sealing a checkpoint answered {(int)response.StatusCode}: {body}");
        }
        using var entry = JsonDocument.Parse(body);
        return entry.RootElement.GetProperty("Count").GetInt64();
    }

    public void Stop()
    {
        _process.Terminate();
        _process.WaitForExit(TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _process.Dispose();
}
