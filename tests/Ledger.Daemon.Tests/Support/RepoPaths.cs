namespace Ledger.Daemon.Tests.Support;

/// <summary>Paths inside the repository, found by walking up from the test assembly to Ledger.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The daemon assembly built for the same configuration as the tests.</summary>
    public static string DaemonDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(Root, "src", "Ledger.Daemon", "bin", configuration, "net10.0", "Ledger.Daemon.dll");
        }
    }

    /// <summary>A Python with pyzmq: LEDGER_PYTHON, else Debian's /usr/bin/python3 (python3-zmq), else python3.</summary>
    public static string Python =>
        Environment.GetEnvironmentVariable("LEDGER_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    public static string PythonScript(string name) => Path.Combine(AppContext.BaseDirectory, "Support", "python", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Ledger.sln not found above " + AppContext.BaseDirectory);
    }
}
