using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Ledger.Parquet.Tests.Support;

/// <summary>Runs the real readers in tests/interop (DuckDB, polars via node) on files we wrote.</summary>
/// <remarks>
/// The interop folder is found by walking up from the test assembly to the directory holding Ledger.sln. When
/// node_modules is missing, <c>npm install</c> (from the lock file) runs once, under a file lock so parallel test processes do not race.
/// </remarks>
public static class InteropReaders
{
    private static readonly Lazy<string> InteropDirectory = new(PrepareInteropDirectory, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Reads <paramref name="fileOrGlob"/> with DuckDB; <paramref name="sql"/> may query the view <c>t</c>.</summary>
    public static InteropResult DuckDb(string fileOrGlob, string? sql = null) =>
        sql is null ? Run("read-duckdb.mjs", fileOrGlob) : Run("read-duckdb.mjs", fileOrGlob, sql);

    /// <summary>Reads one file with polars.</summary>
    public static InteropResult Polars(string file) => Run("read-polars.mjs", file);

    private static InteropResult Run(string script, params string[] arguments)
    {
        var directory = InteropDirectory.Value;
        var output = RunProcess("node", directory, [Path.Combine(directory, script), .. arguments], TimeSpan.FromMinutes(5));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var header = JsonDocument.Parse(lines[0]);
        var columns = header.RootElement.GetProperty("columns").EnumerateArray()
            .Select(c => (c[0].GetString()!, c[1].GetString()!))
            .ToList();
        var rows = lines.Skip(1).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        return new InteropResult(columns, rows);
    }

    private static string PrepareInteropDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "Ledger.sln")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new InvalidOperationException($"No Ledger.sln above {AppContext.BaseDirectory}; cannot find tests/interop.");
        }
        var interop = Path.Combine(directory.FullName, "tests", "interop");
        using (new FileStream(Path.Combine(interop, ".npm-ci.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
            if (!Directory.Exists(Path.Combine(interop, "node_modules", "@duckdb", "node-api"))
                || !Directory.Exists(Path.Combine(interop, "node_modules", "nodejs-polars")))
            {
                RunProcess("npm", interop, ["install", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(10));
            }
        }
        return interop;
    }

    private static string RunProcess(string fileName, string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}: {stderr.Result}");
        }
        return stdout.Result;
    }
}
