using Microsoft.Win32.SafeHandles;

namespace Ledger.Core.Journal;

/// <summary>The real file system: unbuffered appends with pwrite(2) at the end the writer keeps, fsync through <see cref="RandomAccess.FlushToDisk"/>.</summary>
/// <remarks>
/// After an fsync the synced pages are dropped from the page cache (<see cref="PageCache"/>), once at least
/// <see cref="DropEveryBytes"/> have gathered.
/// </remarks>
public sealed class PhysicalJournalFileSystem : IJournalFileSystem
{
    /// <summary>
    /// Synced bytes kept cached before they are dropped. Dropping after every small commit cost ~6 µs of CPU a call
    /// (the kernel walks the range back to its 2 MiB boundary), a thousand times a second at 20,000 msgs/s; a quarter
    /// of a mebibyte left cached costs nothing measurable. A full 2 MiB commit still drops at once.
    /// </summary>
    public const long DropEveryBytes = 256 << 10;

    public static readonly PhysicalJournalFileSystem Instance = new();

    public IAppendOnlyFile OpenAppend(string path) => new PhysicalAppendOnlyFile(path);

    private sealed class PhysicalAppendOnlyFile : IAppendOnlyFile
    {
        // A bare handle, not a FileStream: a FileStream whose handle has been handed out (PageCache needs it) keeps
        // the OS file offset in step with lseek and re-reads the length with fstat, five syscalls per commit beside
        // the pwrite and fsync; each is ~1 µs on this VM, and at 20,000 msgs/s there are ~1,000 commits a second.
        private readonly SafeFileHandle _handle;

        // The one writer owns the file (the data directory lock), so the length it wrote is the file's length.
        private long _length;

        // Bytes before this offset were synced and their pages dropped. Starts at 0: the first sync also drops what
        // start-up recovery read of the existing journal.
        private long _droppedUpTo;

        public PhysicalAppendOnlyFile(string path)
        {
            // Unbuffered: every Append is one pwrite(2); batching happens above, in the group commit.
            _handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            _length = RandomAccess.GetLength(_handle);
        }

        public long Length => _length;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            RandomAccess.Write(_handle, bytes, _length);
            _length += bytes.Length;
        }

        public void FlushToDisk()
        {
            RandomAccess.FlushToDisk(_handle);
            // Everything up to the end is now clean. The page holding the end stays (PageCache stops before it): the
            // next append writes into it.
            if (_length - _droppedUpTo >= DropEveryBytes)
            {
                PageCache.DropCleanPages(_handle, _droppedUpTo, _length);
                _droppedUpTo = _length;
            }
        }

        public void Truncate(long length)
        {
            RandomAccess.SetLength(_handle, length);
            _length = length;
            _droppedUpTo = Math.Min(_droppedUpTo, length);
        }

        public void Dispose() => _handle.Dispose();
    }
}
