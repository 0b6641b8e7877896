using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ledger.Core.Journal;

/// <summary>Tells the kernel that a file's already-synced pages will not be read again soon (Linux).</summary>
/// <remarks>
/// Why the journal does this: every appended byte otherwise lands in a freshly allocated page-cache page, and on
/// this kind of VM the first touch of a fresh guest page is expensive. Measured with 1 GB written as 2 MiB synced
/// writes: 0.57–1.9 s of kernel CPU with the pages kept, 0.21–0.23 s when each synced range is dropped (the next
/// write then reuses the pages just freed). In the daemon the kernel's copy into new pages was the largest single
/// item of the whole ingest profile. Dropping is safe for readers: only clean (already written back) pages are
/// dropped, and a reader simply reads them from disk again.
/// </remarks>
internal static partial class PageCache
{
    private const int PosixFadvDontNeed = 4; // Linux value of POSIX_FADV_DONTNEED

    /// <summary>Drops the clean cached pages of [offset, offset + length); a no-op where the call does not exist.</summary>
    /// <remarks>Advice, not a guarantee: a failure is ignored, since it can only cost speed, never data.</remarks>
    public static void DropCleanPages(SafeFileHandle handle, long offset, long length)
    {
        if (!OperatingSystem.IsLinux() || length <= 0)
        {
            return;
        }
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            _ = PosixFadvise((int)handle.DangerousGetHandle(), offset, length, PosixFadvDontNeed);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // posix_fadvise returns the error number instead of setting errno.
    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);
}
