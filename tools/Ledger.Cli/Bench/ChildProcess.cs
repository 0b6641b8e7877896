using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ledger.Cli.Bench;

/// <summary>A child process of the benchmark, with its output captured and its peak RSS sampled from /proc.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Thread _sampler;
    private long _peakRssBytes;

    private ChildProcess(Process process)
    {
        _process = process;
        _sampler = new Thread(SampleRss) { IsBackground = true, Name = "bench-rss" };
    }

    /// <summary>Starts <c>dotnet {dll} {args}</c>, with <paramref name="environment"/> added to this process's.</summary>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> args, bool redirectInput = false,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child._sampler.Start();
        return child;
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>CPU time (user + system) the process has used so far, read from /proc.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Peak resident set size seen so far (VmHWM), in bytes.</summary>
    public long PeakRssBytes => Interlocked.Read(ref _peakRssBytes);

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

    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"child did not print '{text}':\n{Output}");
            }
            Thread.Sleep(10);
        }
    }

    public void WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"child did not exit within {timeout}:\n{Output}");
        }
        _process.WaitForExit();
    }

    public void Terminate() => Native.Terminate(_process.Id);

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private volatile bool _disposed;

    private void SampleRss()
    {
        var status = $"/proc/{_process.Id}/status";
        while (!_disposed)
        {
            try
            {
                foreach (var line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                        Interlocked.Exchange(ref _peakRssBytes, Math.Max(_peakRssBytes, kb * 1024));
                    }
                }
            }
            catch (IOException)
            {
                return; // the process is gone: VmHWM can no longer grow
            }
            Thread.Sleep(25);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
