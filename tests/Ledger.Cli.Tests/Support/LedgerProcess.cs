using System.Diagnostics;

namespace Ledger.Cli.Tests.Support;

/// <summary>Runs the real <c>ledger</c> executable (exit codes, usage text) via <c>dotnet ledger.dll</c>.</summary>
internal static class LedgerProcess
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunAsync(TimeSpan.FromSeconds(60), args);

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan limit, params string[] args) =>
        RunAsync(limit, [], args);

    /// <summary>Runs <c>ledger</c> with <paramref name="environment"/> added to this process's environment.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        TimeSpan limit, IEnumerable<KeyValuePair<string, string>> environment, params string[] args) =>
        RunDllAsync(Path.Combine(AppContext.BaseDirectory, "ledger.dll"), limit, environment, args);

    /// <summary>Runs another build's <c>ledger.dll</c> (see <see cref="ReleaseBuild"/>).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunDllAsync(
        string dll, TimeSpan limit, IEnumerable<KeyValuePair<string, string>> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
