using System.Diagnostics;

namespace Ledger.Zmq.Tests.Support;

/// <summary>Runs a short pyzmq script with Debian's /usr/bin/python3 (python3-zmq) as a real foreign implementation.</summary>
internal static class Python
{
    public static string Executable =>
        Environment.GetEnvironmentVariable("LEDGER_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> (sys.argv[1:]) and returns stdout; fails on a non-zero exit.</summary>
    public static string Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException("python did not finish in 30 s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python exited {process.ExitCode}: {stderr.Result}");
        }
        return stdout.Result;
    }
}
