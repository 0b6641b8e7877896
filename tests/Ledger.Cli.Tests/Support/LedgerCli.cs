using System.Diagnostics;

namespace Ledger.Cli.Tests.Support;

/// <summary>Runs the built <c>ledger</c> CLI as a child process (<c>dotnet ledger.dll …</c>) and captures its output.</summary>
/// <remarks>A real process, so exit codes come from Program.cs exactly as a user sees them.</remarks>
internal static class LedgerCli
{
    public static CliRun Run(params string[] args) => RunIn(Path.GetTempPath(), args);

    /// <summary>Runs it with <paramref name="workingDirectory"/> as the working directory (where it looks for a project root).</summary>
    public static CliRun RunIn(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // By default a directory without config/appsettings.json, so only --data-dir decides where data is.
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ledger.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("Ledger__DataDirectory");
        start.Environment["COLUMNS"] = "200";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ledger {string.Join(' ', args)} did not finish in 60 s");
        }
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>Exit code and output of one CLI run.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
