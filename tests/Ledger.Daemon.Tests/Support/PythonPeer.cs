using System.Diagnostics;
using System.Text;

namespace Ledger.Daemon.Tests.Support;

/// <summary>Runs a pyzmq script from Support/python as a separate process (a real foreign peer).</summary>
internal sealed class PythonPeer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PythonPeer(Process process) => _process = process;

    public static PythonPeer Start(string script, params string[] args) => StartFile(RepoPaths.PythonScript(script), args);

    /// <summary>Runs the Python script at <paramref name="path"/> (one of the repository's tools, say).</summary>
    public static PythonPeer StartFile(string path, params string[] args)
    {
        var info = new ProcessStartInfo(RepoPaths.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = info };
        var peer = new PythonPeer(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

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

    /// <summary>Waits for the script to finish and fails with its output when it did not exit 0.</summary>
    public async Task CompleteAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        await _process.WaitForExitAsync(cts.Token);
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python peer exited {_process.ExitCode}:\n{Output}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
