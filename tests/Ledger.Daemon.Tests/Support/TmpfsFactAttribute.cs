using System.Diagnostics;

namespace Ledger.Daemon.Tests.Support;

/// <summary>A fact that needs to mount a small tmpfs (root with mount permission); skipped with a reason otherwise.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> s_canMount = new(Probe);

    public TmpfsFactAttribute()
    {
        if (!s_canMount.Value)
        {
            Skip = "cannot mount a tmpfs here (needs root and mount permission); the file-system seam tests cover ENOSPC";
        }
    }

    /// <summary>Mounts (or unmounts) with the system tools; returns the exit code, -1 when they are missing.</summary>
    public static int Run(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        var dir = Path.Combine(Path.GetTempPath(), "ledger-tmpfs-probe-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            if (Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir) != 0)
            {
                return false;
            }
            Run("umount", dir);
            return true;
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
