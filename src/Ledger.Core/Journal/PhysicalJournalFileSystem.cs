namespace Ledger.Core.Journal;

/// <summary>The real file system: unbuffered FileStreams, fsync through <c>Flush(flushToDisk: true)</c>.</summary>
/// <remarks>After each fsync the synced pages are dropped from the page cache (<see cref="PageCache"/>).</remarks>
public sealed class PhysicalJournalFileSystem : IJournalFileSystem
{
    public static readonly PhysicalJournalFileSystem Instance = new();

    public IAppendOnlyFile OpenAppend(string path) => new PhysicalAppendOnlyFile(path);

    private sealed class PhysicalAppendOnlyFile : IAppendOnlyFile
    {
        private readonly FileStream _stream;

        // Bytes before this offset were synced and their pages dropped. Starts at 0: the first sync also drops what
        // start-up recovery read of the existing journal.
        private long _droppedUpTo;

        public PhysicalAppendOnlyFile(string path)
        {
            // bufferSize 0: every Append is one write(2); batching happens above, in the group commit.
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize: 0);
            _stream.Seek(0, SeekOrigin.End);
        }

        public long Length => _stream.Length;

        public void Append(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

        public void FlushToDisk()
        {
            _stream.Flush(flushToDisk: true);
            // Everything up to the end is now clean. The page holding the end stays (PageCache stops before it): the
            // next append writes into it.
            var end = _stream.Length;
            PageCache.DropCleanPages(_stream.SafeFileHandle, _droppedUpTo, end);
            _droppedUpTo = end;
        }

        public void Truncate(long length)
        {
            _stream.SetLength(length);
            _stream.Seek(0, SeekOrigin.End);
            _droppedUpTo = Math.Min(_droppedUpTo, length);
        }

        public void Dispose() => _stream.Dispose();
    }
}
