using System.Runtime.InteropServices;

namespace Ledger.Core.Tests.Support;

/// <summary>How many of a file's pages are in the page cache right now (Linux mincore(2)), as fincore(1) reports.</summary>
internal static partial class ResidentPages
{
    private const int ProtRead = 1;
    private const int MapShared = 1;

    public static unsafe int Count(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = stream.Length;
        if (length == 0)
        {
            return 0;
        }
        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        var address = Mmap(0, (nuint)length, ProtRead, MapShared, fd, 0);
        if (address == -1)
        {
            throw new IOException($"mmap failed (errno {Marshal.GetLastPInvokeError()})");
        }
        try
        {
            var pages = (int)((length + Environment.SystemPageSize - 1) / Environment.SystemPageSize);
            var vector = new byte[pages];
            fixed (byte* v = vector)
            {
                if (Mincore(address, (nuint)length, v) != 0)
                {
                    throw new IOException($"mincore failed (errno {Marshal.GetLastPInvokeError()})");
                }
            }
            return vector.Count(b => (b & 1) != 0);
        }
        finally
        {
            _ = Munmap(address, (nuint)length);
        }
    }

    /// <summary>
    /// True when dropping clean pages is observable for files in <paramref name="directory"/>: Linux, and a file system
    /// with a page cache of its own (on tmpfs the pages are the data and the kernel ignores the advice).
    /// </summary>
    public static bool DropIsObservable(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        var probe = Path.Combine(directory, ".page-cache-probe");
        try
        {
            using (var stream = new FileStream(probe, FileMode.Create, FileAccess.Write))
            {
                stream.Write(new byte[1 << 20]);
                stream.Flush(flushToDisk: true);
            }
            if (Count(probe) == 0)
            {
                return false;
            }
            using (var handle = File.OpenHandle(probe))
            {
                Ledger.Core.Journal.PageCache.DropCleanPages(handle, 0, RandomAccess.GetLength(handle));
            }
            return Count(probe) <= 8;
        }
        finally
        {
            File.Delete(probe);
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static unsafe partial int Mincore(nint address, nuint length, byte* vector);
}
