using System.Runtime.InteropServices;
using Ledger.Daemon.Hosting;

namespace Ledger.Daemon.Tests.Hosting;

public sealed class NativeHeapTests
{
    [Fact]
    public void KeepFreedPages_OnGlibc_AppliesTheTrimThreshold()
    {
        if (!OperatingSystem.IsLinux() || !IsGlibc())
        {
            return; // nothing to tune elsewhere; the call must simply not fail
        }
        Assert.True(NativeHeap.KeepFreedPages());
    }

    [Fact]
    public void KeepFreedPages_OperatorSetTheVariable_LeavesItAlone()
    {
        Environment.SetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_", "131072");
        try
        {
            Assert.False(NativeHeap.KeepFreedPages());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_", null);
        }
    }

    private static bool IsGlibc() => NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _);
}
