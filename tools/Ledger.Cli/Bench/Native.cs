using System.Runtime.InteropServices;

namespace Ledger.Cli.Bench;

/// <summary>POSIX signals for stopping the daemon under test the way manage.sh does.</summary>
internal static partial class Native
{
    public static void Terminate(int pid)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Kill(pid, 15);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
