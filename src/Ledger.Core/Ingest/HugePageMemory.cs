using System.Runtime.InteropServices;

namespace Ledger.Core.Ingest;

/// <summary>Zeroed memory on 2 MiB boundaries with transparent huge pages asked for (Linux), for the Id window's tables.</summary>
/// <remarks>
/// The Id window is looked up at random, one cache miss per lookup and per eviction. With 4 KiB pages each miss was
/// also a TLB miss (4,000+ pages at the default window, against a TLB of ~2,000 entries), and each page's first touch
/// a page fault, which on this VM is an exit to the host. Nine 2 MiB pages cover the default window. The price: the
/// table becomes resident 2 MiB at a time, so all of it (~17 MB at the default window) after a few hundred Ids
/// rather than a few thousand. Pages are still made resident only when touched; without huge pages (the kernel's
/// setting is <c>never</c>, or it has none free) the memory works the same with 4 KiB pages.
/// </remarks>
internal static unsafe partial class HugePageMemory
{
    private const nuint HugePageBytes = 2 << 20;
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20, MadvHugePage = 14;

    /// <summary>
    /// Maps at least <paramref name="bytes"/> of zeroed memory starting on a 2 MiB boundary; returns that start, or
    /// null when the block is smaller than a huge page, the OS is not Linux, or the mapping fails (then allocate
    /// elsewhere). Free with <see cref="Unmap"/>(<paramref name="mapping"/>, <paramref name="mappingBytes"/>).
    /// </summary>
    public static void* TryMapZeroed(nuint bytes, out void* mapping, out nuint mappingBytes)
    {
        mapping = null;
        mappingBytes = 0;
        if (bytes < HugePageBytes || !OperatingSystem.IsLinux())
        {
            return null;
        }
        // One huge page more than asked, so a 2 MiB-aligned start fits inside the mapping.
        var length = bytes + HugePageBytes;
        var start = Mmap(null, length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (start == (void*)-1)
        {
            return null;
        }
        mapping = start;
        mappingBytes = length;
        var aligned = (void*)(((nuint)start + HugePageBytes - 1) & ~(HugePageBytes - 1));
        // Advice only: refused, the block simply keeps 4 KiB pages.
        _ = Madvise(aligned, bytes, MadvHugePage);
        return aligned;
    }

    /// <summary>Unmaps a block from <see cref="TryMapZeroed"/>.</summary>
    public static void Unmap(void* mapping, nuint mappingBytes) => _ = Munmap(mapping, mappingBytes);

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* address, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}
