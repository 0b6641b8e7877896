using System.Diagnostics;

namespace Ledger.Cli.Tests.Support;

/// <summary>
/// Release builds of the CLI and the daemon, for the tests of what only an optimized build can do (a JIT profile: the
/// JIT neither optimizes nor counts a Debug build's code). Built once per test run when the tests run from Debug.
/// </summary>
internal static class ReleaseBuild
{
    private static readonly Lazy<Task<string>> s_root = new(BuildAsync);

    /// <summary>The Release <c>ledger.dll</c>.</summary>
    public static async Task<string> CliAsync() =>
        Path.Combine(await s_root.Value, "tools", "Ledger.Cli", "bin", "Release", "net10.0", "ledger.dll");

    /// <summary>The Release <c>Ledger.Daemon.dll</c>.</summary>
    public static async Task<string> DaemonAsync() =>
        Path.Combine(await s_root.Value, "src", "Ledger.Daemon", "bin", "Release", "net10.0", "Ledger.Daemon.dll");

    private static async Task<string> BuildAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Ledger.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))
                ?? throw new InvalidOperationException("Ledger.sln not found above the test directory");
        }
        // Running from a Release build, the solution's Release outputs are what was just built.
        if (AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        {
            return root;
        }
        foreach (var project in new[] { Path.Combine("tools", "Ledger.Cli", "Ledger.Cli.csproj"), Path.Combine("src", "Ledger.Daemon", "Ledger.Daemon.csproj") })
        {
            // No restore: the solution's build restored every project (the assets serve both configurations), and a
            // restore beside other test projects' builds would rewrite files they read.
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "build", Path.Combine(root, project), "-c", "Release", "--no-restore", "-nologo", "-v", "q" })
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build {project} -c Release failed:\n{await output}\n{await errors}");
            }
        }
        return root;
    }
}
